using System.Text.Json;
using System.Text.Json.Serialization;
using Gapwatch.Connectors.OData;

namespace Gapwatch.Connectors.Dataverse;

/// <summary>The company a dual-written row belongs to (<c>msdyn_company</c>, expanded for its code).</summary>
internal sealed record DataverseCompany([property: JsonPropertyName("cdm_companycode")] string? CompanyCode);

/// <summary>
/// An <c>accounts</c> or <c>contacts</c> row as selected: the key (<c>accountid</c> or
/// <c>contactid</c>), the name, email, the tax-exempt number (accounts only: dual-write maps
/// TAXEXEMPTNUMBER to <c>msdyn_taxexemptnumber</c> on account, not on contact), the F&amp;O customer
/// account dual-write keys it by (<c>accountnumber</c>; on contacts <c>msdyn_contactpersonid</c>), the
/// company lookup and <c>modifiedon</c>. The account reference is read separately, from the column the
/// connection names (<see cref="DataverseConnection.AccountReferenceColumn"/>), if any.
/// </summary>
internal sealed record DataverseRow(
    [property: JsonPropertyName("accountid")] string? AccountId,
    [property: JsonPropertyName("contactid")] string? ContactId,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("fullname")] string? FullName,
    [property: JsonPropertyName("emailaddress1")] string? Email,
    [property: JsonPropertyName("msdyn_taxexemptnumber")] string? TaxExemptNumber,
    [property: JsonPropertyName("accountnumber")] string? AccountNumber,
    [property: JsonPropertyName("msdyn_contactpersonid")] string? ContactPersonId,
    [property: JsonPropertyName("_msdyn_company_value")] string? CompanyId,
    [property: JsonPropertyName("msdyn_company")] DataverseCompany? Company,
    [property: JsonPropertyName("modifiedon")] DateTimeOffset? ModifiedOn)
{
    /// <summary>Every other property of the row, the configured account-reference column among them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; } // settable: the source generator cannot fill an init-only extension-data property

    /// <summary>The text of <paramref name="column"/> when the row has it.</summary>
    public string? Column(string? column) =>
        column is not null && Other is not null && Other.TryGetValue(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The F&amp;O side of the promotion check: which customer accounts exist.</summary>
internal sealed record FoCustomerKeyRow(string? DataAreaId, string? CustomerAccount);

[JsonSerializable(typeof(ODataEnvelope<DataverseRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoCustomerKeyRow>))]
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, PropertyNameCaseInsensitive = true)]
internal sealed partial class DataverseJson : JsonSerializerContext;
