using System.Globalization;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.SageIntacct;
using Gapwatch.Store;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.SageIntacct;

/// <summary>
/// One workspace store, one simulated Intacct company on loopback and the real connector between
/// them over HTTP, on a fake clock that jumps over waits. Syncs the ERP streams and the sync log
/// as the CLI does (two sources), records every cursor, and compares the store with the company.
/// </summary>
internal sealed class IntacctHarness : SyncHarness
{
    public const string Source = "sage_intacct:sim";
    public const string LogSource = Source + "/sync_log";
    public static readonly DateTimeOffset Start = new(2026, 4, 14, 14, 0, 0, TimeSpan.Zero);

    public static readonly IntacctFieldMap Fields = new()
    {
        AccountReference = "GW_ACCOUNT_REF", Holding = "GW_HOLDING", Deferred = "GW_DEFERRED", Department = "GW_DEPARTMENT", Location = "GW_LOCATION",
        PeriodClosedAt = "GW_CLOSED_AT",
    };

    private IntacctHarness(IntacctSimulator simulator, AutoAdvancingClock clock, ConnectorHttpOptions http)
        : base("intacct", clock, services => services.AddSageIntacctConnector(http))
    {
        Simulator = simulator;
        Options = new() { PageSize = 3 };
    }

    public IntacctSimulator Simulator { get; }

    public string? UserPassword { get; set; }

    public string? SenderPassword { get; set; }

    public string? Entity { get; set; }

    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    public static async Task<IntacctHarness> StartAsync(IntacctDataset data, ConnectorHttpOptions? http = null, IntacctSimulatorOptions? simulator = null)
    {
        var clock = new AutoAdvancingClock(Start);
        var server = await IntacctSimulator.StartAsync(data, (simulator ?? new IntacctSimulatorOptions { Entities = ["US100", "CA200"] }) with { Clock = clock });
        return new IntacctHarness(server, clock, http ?? new ConnectorHttpOptions { AttemptTimeout = TimeSpan.FromMinutes(10) });
    }

    public IntacctConnection Connection()
    {
        var o = Simulator.Options;
        return new IntacctConnection(o.SenderId, SenderPassword ?? o.SenderPassword, o.CompanyId, o.UserId, UserPassword ?? o.UserPassword, Entity, Simulator.Address)
        {
            Fields = Fields,
            TimeZone = TimeZone,
        };
    }

    public IntacctConnector Connector => Services.GetRequiredService<IntacctConnector>();

    /// <summary>The ERP streams, then the sync log as its own source; returns both summaries.</summary>
    public async Task<(SyncSummary Erp, SyncSummary Log)> SyncBothAsync(ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null)
    {
        var erp = await SyncAsync(state, wrap);
        var log = await RunAsync(LogSource, "sync_log", Connector.SyncLogStreams(Connection()), state, wrap: null);
        return (erp, log);
    }

    public Task<SyncSummary> SyncAsync(ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null) =>
        RunAsync(Source, "sage_intacct", Connector.Streams(Connection()), state, wrap);

    /// <summary>The ERP-side records in the store as kind|key → version, asserting no key appears twice.</summary>
    public Dictionary<string, DateTimeOffset?> Stored()
    {
        var data = Store.Load();
        var all = data.ErpCustomers.Cast<ISourceRecord>().Concat(data.ErpSalesOrders).Concat(data.ErpDocuments).Concat(data.GlEntries)
            .Concat(data.ExchangeRates).Concat(data.PeriodLocks).Concat(data.SyncLog).ToList();
        var keys = all.Select(r => r.Kind + "|" + r.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        return all.ToDictionary(r => r.Kind + "|" + r.Key, r => r.UpdatedAt, StringComparer.Ordinal);
    }

    /// <summary>What the store must hold for the company's objects (the entity-scoped ones when the session is), at their versions.</summary>
    public Dictionary<string, DateTimeOffset?> Expected(bool withLog = true)
    {
        var expected = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var o in Simulator.Data.All())
        {
            var entity = o.Fields.TryGetValue("MEGAENTITYID", out var e) && !string.IsNullOrEmpty(e) ? e : Entity ?? Simulator.Options.CompanyId;
            if (Entity is not null && entity != Entity)
            {
                continue;
            }

            string F(string name) => o.Fields[name]!;
            var key = o.Object switch
            {
                "CUSTOMER" => $"{RecordKinds.ErpCustomer}|{entity}/{F("CUSTOMERID")}",
                "SODOCUMENT" when o.DocParId == "Sales Order" => $"{RecordKinds.ErpSalesOrder}|{entity}/{F("DOCNO")}",
                "SODOCUMENT" => $"{RecordKinds.ErpDocument}|{entity}/{F("DOCNO")}",
                "ARINVOICE" or "ARADJUSTMENT" when o.Fields.TryGetValue("MODULEKEY", out var module) && module == "4.AR" =>
                    $"{RecordKinds.ErpDocument}|{entity}/{o.Object}-{o.RecordNo.ToString(CultureInfo.InvariantCulture)}",
                "GLDETAIL" => $"{RecordKinds.GlEntry}|{entity}/{o.RecordNo.ToString(CultureInfo.InvariantCulture)}",
                "EXCHANGERATEENTRY" => $"{RecordKinds.ExchangeRate}|{F("FROM_CURRENCY")}/{F("TO_CURRENCY")}/{(F("TYPENAME") == "Monthly Average" ? "average" : "spot")}/{DateOnly.ParseExact(F("EFFECTIVEDATE"), "MM/dd/yyyy", CultureInfo.InvariantCulture):yyyy-MM-dd}",
                "REPORTINGPERIOD" when o.Fields.TryGetValue("GW_CLOSED_AT", out var closed) && closed is not null => $"{RecordKinds.PeriodLock}|{entity}/{DateOnly.ParseExact(F("START_DATE"), "MM/dd/yyyy", CultureInfo.InvariantCulture):yyyy-MM-dd}",
                "GW_SYNC_LOG" when withLog => $"{RecordKinds.SyncLog}|{F("NAME")}",
                _ => null,
            };
            if (key is not null)
            {
                expected[key] = Second(o.WhenModified);
            }
        }

        return expected;
    }

    public void AssertStoreEqualsSource(bool withLog = true) => SyncInvariants.AssertStoreEquals(Expected(withLog), Stored());

    public StreamCheckpoint? Checkpoint(string stream) => Store.Checkpoint(stream == "sync_log" ? LogSource : Source, stream);

    private static DateTimeOffset Second(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    protected override ValueTask DisposeSimulatorAsync() => Simulator.DisposeAsync();
}

/// <summary>Small Intacct companies for the fault tests: every object the connector reads, across two entities.</summary>
internal static class IntacctCompanies
{
    public static DateTimeOffset Day(int day, int hour = 9) => new DateTimeOffset(2026, 1, 1, hour, 0, 0, TimeSpan.Zero).AddDays(day);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    public static long Customer(this IntacctDataset data, string id, DateTimeOffset modified, string entity = "US100", string status = "active", string? email = null) =>
        data.Put("CUSTOMER", null, modified, new Dictionary<string, string?>
        {
            ["CUSTOMERID"] = id, ["NAME"] = "Customer " + id, ["STATUS"] = status, ["TAXID"] = "GB" + id.Length, ["DISPLAYCONTACT.EMAIL1"] = email ?? $"{id.ToLowerInvariant()}@example.com",
            ["DISPLAYCONTACT.MAILADDRESS.COUNTRYCODE"] = entity == "CA200" ? "CA" : "US", ["MEGAENTITYID"] = entity, ["GW_HOLDING"] = "false",
        });

    public static long Document(this IntacctDataset data, string type, string docNo, DateTimeOffset modified, string? reference, decimal net, string entity = "US100", string state = "Pending", string? createdFrom = null) =>
        data.Put("SODOCUMENT", type, modified, new Dictionary<string, string?>
        {
            ["DOCNO"] = docNo, ["DOCID"] = $"{type}-{docNo}", ["DOCPARID"] = type, ["STATE"] = state, ["CUSTVENDID"] = "CUST-1", ["CURRENCY"] = "USD",
            ["EXCHRATE"] = "1", ["TRX_SUBTOTAL"] = net.ToString(CultureInfo.InvariantCulture), ["WHENCREATED"] = modified.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
            ["AUDITWHENCREATED"] = Time(modified.AddHours(-1)), ["WHENPOSTED"] = modified.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture), ["PONUMBER"] = reference,
            ["MEGAENTITYID"] = entity, ["GW_DEPARTMENT"] = "100", ["CREATEDFROM"] = createdFrom,
        });

    /// <summary>
    /// A native AR invoice (<c>MODULEKEY</c> <c>4.AR</c>) or, with <paramref name="module"/> <c>8.SO</c>,
    /// an order-entry document's own AR side, which the connector must not read. Totals as Intacct
    /// writes them: an adjustment's credit is negative.
    /// </summary>
    public static long ArInvoice(this IntacctDataset data, string number, DateTimeOffset modified, string? reference, decimal total, string entity = "US100", string module = "4.AR") =>
        data.Put("ARINVOICE", null, modified, Ar(number, modified, reference, total, entity, module));

    public static long ArAdjustment(this IntacctDataset data, string number, DateTimeOffset modified, string? reference, decimal total, string entity = "US100", string module = "4.AR") =>
        data.Put("ARADJUSTMENT", null, modified, Ar(number, modified, reference, total, entity, module));

    private static Dictionary<string, string?> Ar(string number, DateTimeOffset modified, string? reference, decimal total, string entity, string module) => new()
    {
        ["RECORDID"] = number, ["STATE"] = "Posted", ["CUSTOMERID"] = "CUST-1", ["DOCNUMBER"] = reference, ["CURRENCY"] = "USD", ["BASECURR"] = "USD",
        ["EXCHANGE_RATE"] = null, ["TRX_TOTALENTERED"] = total.ToString(CultureInfo.InvariantCulture), ["TOTALENTERED"] = total.ToString(CultureInfo.InvariantCulture),
        ["WHENCREATED"] = modified.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture), ["AUWHENCREATED"] = Time(modified.AddHours(-1)),
        ["WHENPOSTED"] = modified.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture), ["MODULEKEY"] = module, ["MEGAENTITYID"] = entity,
    };

    public static long Gl(this IntacctDataset data, DateTimeOffset modified, decimal amount, string document, string entity = "US100") =>
        data.Put("GLDETAIL", null, modified, new Dictionary<string, string?>
        {
            ["BATCH_DATE"] = modified.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture), ["ACCOUNTNO"] = "4000", ["TR_TYPE"] = amount < 0 ? "-1" : "1",
            ["TRX_AMOUNT"] = Math.Abs(amount).ToString(CultureInfo.InvariantCulture), ["CURRENCY"] = "USD", ["DOCNUMBER"] = document, ["DEPARTMENTID"] = "100",
            ["LOCATIONID"] = "NJ-DC", ["MEGAENTITYID"] = entity,
        });

    public static IntacctDataset Standard()
    {
        var data = new IntacctDataset();
        for (var i = 1; i <= 7; i++)
        {
            data.Customer($"CUST-{i}", Day(i), i % 3 == 0 ? "CA200" : "US100", i == 7 ? "inactive" : "active");
        }

        for (var i = 1; i <= 6; i++)
        {
            data.Document("Sales Order", $"SO-{100 + i}", Day(10 + i), $"shopify:{1000 + i}", 100m * i, state: i == 2 ? "Converted" : "Pending");
        }

        data.Document("Sales Invoice", "INV-201", Day(20), "shopify:1002", 200m, state: "Closed");
        data.Document("Sales Invoice", "INV-202", Day(21), "shopify:1003", 300m, state: "Closed");
        data.Document("Sales Invoice", "INV-203", Day(22), null, 300m, state: "Closed", createdFrom: "Sales Order-SO-104");
        data.Document("Sales Credit Memo", "CM-301", Day(23), "shopify:1002", 20m, state: "Closed");

        // Posted straight to Accounts Receivable (4.AR), and the AR side of the invoices and memo above (8.SO), which must not be read twice.
        for (var i = 1; i <= 5; i++)
        {
            data.ArInvoice($"ARI-{400 + i}", Day(24, 8 + i), $"bigcommerce:{700 + i}", 40m * i, i == 5 ? "CA200" : "US100");
        }

        data.ArInvoice("INV-201", Day(20, 10), "shopify:1002", 200m, module: "8.SO");
        data.ArInvoice("INV-202", Day(21, 10), "shopify:1003", 300m, module: "8.SO");
        data.ArAdjustment("ARA-501", Day(25), "bigcommerce:701", -15m);
        data.ArAdjustment("ARA-502", Day(25, 11), "bigcommerce:702", -80m);
        data.ArAdjustment("ARA-503", Day(26), null, 12.5m); // a debit adjustment keyed by hand
        data.ArAdjustment("ARA-504", Day(26, 10), "bigcommerce:703", -5m, "CA200");
        data.ArAdjustment("CM-301", Day(23, 10), "shopify:1002", -20m, module: "8.SO");
        for (var i = 1; i <= 8; i++)
        {
            data.Gl(Day(20 + i), -50m * i, $"INV-20{(i % 3) + 1}", i % 4 == 0 ? "CA200" : "US100");
        }

        foreach (var (day, rate) in new[] { (1, 0.72m), (2, 0.721m) })
        {
            data.Put("EXCHANGERATEENTRY", null, Day(day), new Dictionary<string, string?>
            {
                ["FROM_CURRENCY"] = "CAD", ["TO_CURRENCY"] = "USD", ["TYPENAME"] = "Intacct Daily Rate", ["EFFECTIVEDATE"] = Day(day).ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
                ["VALUE"] = rate.ToString(CultureInfo.InvariantCulture),
            });
        }

        data.Put("EXCHANGERATEENTRY", null, Day(31), new Dictionary<string, string?>
        {
            ["FROM_CURRENCY"] = "CAD", ["TO_CURRENCY"] = "USD", ["TYPENAME"] = "Monthly Average", ["EFFECTIVEDATE"] = "01/01/2026", ["VALUE"] = "0.7205",
        });
        data.Put("REPORTINGPERIOD", null, Day(36), new Dictionary<string, string?>
        {
            ["NAME"] = "Month Ended January 2026", ["START_DATE"] = "01/01/2026", ["END_DATE"] = "01/31/2026", ["MEGAENTITYID"] = "US100", ["GW_CLOSED_AT"] = Time(Day(36, 17)),
        });
        data.Put("REPORTINGPERIOD", null, Day(37), new Dictionary<string, string?>
        {
            ["NAME"] = "Month Ended February 2026", ["START_DATE"] = "02/01/2026", ["END_DATE"] = "02/28/2026", ["MEGAENTITYID"] = "US100", ["GW_CLOSED_AT"] = null,
        });
        for (var i = 1; i <= 5; i++)
        {
            data.Put("GW_SYNC_LOG", null, Day(40 + i), new Dictionary<string, string?>
            {
                ["NAME"] = $"SYNC-{i:D7}", ["SYNC_OBJECT"] = i % 2 == 0 ? "order" : "customer", ["EXTERNAL_REFERENCE"] = $"bigcommerce:{500 + i}",
                ["ATTEMPTED_AT"] = Time(Day(40 + i, 8)), ["OUTCOME"] = i == 3 ? "failed" : "created", ["MESSAGE"] = i == 3 ? "BL03000018: Required field TAXSCHEDULE is missing" : null,
            });
        }

        return data;
    }
}
