using System.Text.Json.Serialization;
using Gapwatch.Connectors.OData;

namespace Gapwatch.Connectors.Dataverse;

/// <summary>The company a dual-written row belongs to (<c>msdyn_company</c>, expanded for its code).</summary>
internal sealed record DataverseCompany([property: JsonPropertyName("cdm_companycode")] string? CompanyCode);

/// <summary>
/// An <c>accounts</c> or <c>contacts</c> row as selected: the key (<c>accountid</c> or
/// <c>contactid</c>), the name, email, tax-exempt number, the F&amp;O customer account dual-write
/// keys it by (<c>accountnumber</c>; on contacts <c>msdyn_customeraccount</c>, verify), the account
/// reference (<c>msdyn_accountreference</c>: not a standard column, verify), the company lookup and <c>modifiedon</c>.
/// </summary>
internal sealed record DataverseRow(
    [property: JsonPropertyName("accountid")] string? AccountId,
    [property: JsonPropertyName("contactid")] string? ContactId,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("fullname")] string? FullName,
    [property: JsonPropertyName("emailaddress1")] string? Email,
    [property: JsonPropertyName("msdyn_taxexemptnumber")] string? TaxExemptNumber,
    [property: JsonPropertyName("accountnumber")] string? AccountNumber,
    [property: JsonPropertyName("msdyn_customeraccount")] string? CustomerAccount,
    [property: JsonPropertyName("msdyn_accountreference")] string? AccountReference,
    [property: JsonPropertyName("_msdyn_company_value")] string? CompanyId,
    [property: JsonPropertyName("msdyn_company")] DataverseCompany? Company,
    [property: JsonPropertyName("modifiedon")] DateTimeOffset? ModifiedOn);

/// <summary>The F&amp;O side of the promotion check: which customer accounts exist.</summary>
internal sealed record FoCustomerKeyRow(string? DataAreaId, string? CustomerAccount);

[JsonSerializable(typeof(ODataEnvelope<DataverseRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoCustomerKeyRow>))]
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, PropertyNameCaseInsensitive = true)]
internal sealed partial class DataverseJson : JsonSerializerContext;
