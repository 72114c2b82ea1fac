using System.Text.Json.Nodes;
using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Model;
using Gapwatch.Simulators.BusinessCentral;
using static Gapwatch.Connectors.Tests.BusinessCentral.BusinessCentralStores;

namespace Gapwatch.Connectors.Tests.BusinessCentral;

/// <summary>
/// Which sales invoices and credit memos are booked: API v2.0 gives an unposted, released document
/// the same <c>Open</c> as a posted, unpaid one, so an <c>Open</c> one counts only when the G/L has
/// entries under its number (asked per page, 50 numbers a request); a document keeps its <c>id</c>
/// when it is posted and comes back under its posted number, exactly once.
/// </summary>
public sealed class BusinessCentralDocumentTests
{
    private const string InvoicesStream = Entity + "/salesInvoices";

    private static readonly CompanyContext Context = new(Entity, "USD", BusinessCentralDimensionCodes.Default, new BusinessCentralRates(null!, []), "USD");

    private static readonly IReadOnlySet<string> Ledger = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "PS-INV9" };

    [Theory]
    [InlineData("Draft", "PS-INV9", false)]
    [InlineData("In_x0020_Review", "PS-INV9", false)]
    [InlineData("Open", "PS-INV9", true)] // posted and unpaid: its G/L entries are there
    [InlineData("Open", "S-INV1001", false)] // released, not posted: no G/L entries under the number
    [InlineData("Paid", "PS-INV8", true)]
    [InlineData("Canceled", "PS-INV8", true)]
    [InlineData("Corrective", "PS-INV8", true)]
    public void IsPosted_FollowsTheStatus_AndForOpenTheLedger(string status, string number, bool posted) =>
        Assert.Equal(posted, BusinessCentralMapper.IsPosted(status, number, Ledger));

    [Fact]
    public void IsPosted_AnUndocumentedStatus_IsRefused()
    {
        Assert.Null(BusinessCentralMapper.IsPosted("Posted", "PS-INV9", Ledger));

        var outcome = BusinessCentralMapper.SalesInvoice(Json(Invoice("Posted", "PS-INV9")), Context, Ledger);

        Assert.Empty(outcome.Records);
        Assert.Contains("status 'Posted'", outcome.Rejected!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PostedDocument_IsCreatedAtItsPostingDay_NotAtItsLastChange()
    {
        var outcome = BusinessCentralMapper.SalesInvoice(Json(Invoice("Paid", "PS-INV9")), Context, BusinessCentralMapper.NonePosted);

        var invoice = Assert.IsType<ErpDocument>(Assert.Single(outcome.Records));
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero), invoice.CreatedAt); // postingDate, start of the day (UTC)
        Assert.Equal(Day(60), invoice.UpdatedAt); // paid later: lastModifiedDateTime moved, it is the version only
    }

    [Fact]
    public async Task ReleasedNotPosted_IsNotBooked_ThenPostedUnderItsNumber_EndsAsExactlyOneDocument()
    {
        var data = new BusinessCentralDataset();
        var company = Setup(data);
        company.Upsert("salesInvoices", Row(601, Day(40), Invoice("Open", "S-INV1001", posting: "0001-01-01")));
        await using var h = await BusinessCentralHarness.StartAsync(data, Start, Companies);

        var first = await h.SyncAsync();

        Assert.True(first.Succeeded);
        Assert.Empty(h.Store.Load().ErpDocuments);
        Assert.Single(h.Simulator.Requests, r => r.Resource == "generalLedgerEntries" && r.Filter == "documentNumber eq 'S-INV1001'");

        // Posting: the same id, now under the posted number, and the G/L entries written with it.
        company.Upsert("salesInvoices", Row(601, Start.AddMinutes(5), Invoice("Open", "PS-INV9")));
        company.Upsert("generalLedgerEntries", Row(801, Start.AddMinutes(5), new JsonObject
        {
            ["entryNumber"] = 1, ["postingDate"] = "2026-02-10", ["documentNumber"] = "PS-INV9", ["accountNumber"] = "40100", ["debitAmount"] = 0m, ["creditAmount"] = 120m,
        }));
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await h.SyncAsync();

        Assert.True(second.Succeeded);
        var document = Assert.Single(h.Store.Load().ErpDocuments);
        Assert.Equal(("PS-INV9", new DateOnly(2026, 2, 10)), (document.Id, document.PostedOn));
        h.AssertConverged();
    }

    [Fact]
    public async Task OpenDocumentsOfAPage_AreCheckedInBatchesOfFifty_OnlyTheOnesWithLedgerEntriesBooked()
    {
        var data = new BusinessCentralDataset();
        var company = Setup(data);
        for (var i = 1; i <= 120; i++)
        {
            company.Upsert("salesInvoices", Row(1000 + i, Day(40).AddMinutes(i), Invoice(i % 10 == 0 ? "Paid" : "Open", $"PS-INV{i}")));
            if (i % 3 == 0)
            {
                company.Upsert("generalLedgerEntries", Row(5000 + i, Day(40), new JsonObject
                {
                    ["entryNumber"] = i, ["postingDate"] = "2026-02-10", ["documentNumber"] = $"PS-INV{i}", ["accountNumber"] = "40100", ["debitAmount"] = 0m, ["creditAmount"] = 1m,
                }));
            }
        }

        await using var h = await BusinessCentralHarness.StartAsync(data, Start, Companies);
        h.PageSize = 100;

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        var checks = h.Simulator.Requests.Where(r => r.Resource == "generalLedgerEntries" && r.Filter!.StartsWith("documentNumber", StringComparison.Ordinal)).ToList();
        // Page 1 (100 rows, 90 Open): two requests of 50 and 40; page 2 (20 rows, 18 Open): one.
        Assert.Equal([50, 40, 18], checks.Select(r => r.Filter!.Split(" or ").Length));
        Assert.All(checks, r => Assert.DoesNotContain(" and ", r.Filter!, StringComparison.Ordinal));
        var booked = h.Store.Load().ErpDocuments.Select(d => int.Parse(d.Id["PS-INV".Length..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 120).Where(i => i % 10 == 0 || i % 3 == 0), booked);
        h.AssertConverged();
    }

    [Fact]
    public async Task Simulator_RefusesOrAcrossDistinctFields_AsBusinessCentralDoes()
    {
        var data = new BusinessCentralDataset();
        var company = Setup(data);
        await using var h = await BusinessCentralHarness.StartAsync(data, Start, Companies);
        using var http = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = h.Simulator.Options.ClientId, ["client_secret"] = h.Simulator.Options.ClientSecret,
            ["scope"] = "https://api.businesscentral.dynamics.com/.default",
        });
        using var token = await http.PostAsync(new Uri(h.Simulator.Address, $"{h.Simulator.Options.Tenant}/oauth2/v2.0/token"), form);
        using var issued = System.Text.Json.JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        var bearer = issued.RootElement.GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        var root = $"{h.Simulator.Address}v2.0/{h.Simulator.Options.Tenant}/{h.Simulator.Options.Environment}/api/v2.0/companies({company.Id})/generalLedgerEntries?$filter=";

        using var same = await http.GetAsync(new Uri(root + Uri.EscapeDataString("documentNumber eq 'A' or documentNumber eq 'B'")));
        using var distinct = await http.GetAsync(new Uri(root + Uri.EscapeDataString("documentNumber eq 'A' or accountNumber eq '40100'")));

        Assert.Equal(System.Net.HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, distinct.StatusCode);
        Assert.Contains("not supported on distinct fields", await distinct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static JsonObject Invoice(string status, string number, string posting = "2026-02-10") => new()
    {
        ["number"] = number, ["externalDocumentNumber"] = "shopify:9001", ["invoiceDate"] = "2026-02-09", ["postingDate"] = posting, ["customerNumber"] = "C1",
        ["currencyCode"] = "USD", ["orderNumber"] = "", ["totalAmountExcludingTax"] = 120m, ["status"] = status, ["dimensionSetLines"] = new JsonArray(),
    };

    private static System.Text.Json.JsonElement Json(JsonObject invoice)
    {
        var row = Row(601, Day(60), invoice);
        return System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(row.ToJsonString());
    }
}
