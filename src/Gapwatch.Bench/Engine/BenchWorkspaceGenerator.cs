using System.Globalization;
using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Bench.Engine;

/// <summary>A generated workspace: its facts, its field map and the as-of time every card is computed at.</summary>
public sealed record BenchWorkspace(WorkspaceData Data, WorkspaceSettings Settings, DateTimeOffset AsOf)
{
    public int Orders => Data.CommerceOrders.Count;
}

/// <summary>
/// A seeded, scalable workspace for the compute benchmark: N commerce orders over 120 days with
/// their ERP side (customer master, sales orders, invoices, credit memos, a summarised GL, average
/// rates, period locks, sync log, Dataverse). Every card and every revenue-gap reason is exercised.
/// Built for volume, not realism (the demo generator is the realistic one): ids are counters,
/// strings are shared wherever a real store would share them (currency codes, tags, dimensions,
/// the order id an ERP document references), and lists are pre-sized, so 10M orders fit in memory.
/// Keys are generated so that accounts sharing any key also share their e-mail address; the
/// DuckDB side relies on that to join accounts into buyers (documented in docs/performance.md).
/// </summary>
public static class BenchWorkspaceGenerator
{
    public static readonly DateTimeOffset AsOf = new(2026, 4, 12, 18, 0, 0, TimeSpan.Zero);

    public static readonly string[] Entities = ["US", "EU", "UK"];

    private const int SpanDays = 120;
    private static readonly DateOnly FirstRateMonth = new(2025, 11, 1);
    private static readonly DateOnly LastRateMonth = new(2026, 4, 1);

    private static readonly string[] Countries = ["US", "CA", "DE", "FR", "NL", "GB", "JP"];
    private static readonly double[] CountryWeights = [0.45, 0.05, 0.15, 0.08, 0.04, 0.20, 0.03];
    private static readonly string[] CountryCurrency = ["USD", "CAD", "EUR", "EUR", "EUR", "GBP", "JPY"];

    /// <summary>Entity slot of each country's routing (JP is not routed: the default entity takes it).</summary>
    private static readonly int[] CountryEntity = [0, 0, 1, 1, 1, 2, 0];

    private static readonly IReadOnlyList<string> NoTags = [];
    private static readonly IReadOnlyList<string> WholesaleTags = ["wholesale"];
    private static readonly IReadOnlyList<string>[] EntityTags = [["entity:US"], ["entity:EU"], ["entity:UK"]];
    private static readonly IReadOnlyList<string>[] DepartmentTags = [["department:100"], ["department:200", "location:LON"], ["project:P7"]];
    private static readonly Dimensions[] EntityDimensions =
    [
        new("100", "NYC", null, null), new("200", "BER", null, null), new("200", "LON", "P7", null),
    ];

    private const string SyncFailure = "Customer create rejected: tax registration number is required";

    public static BenchWorkspace Generate(int orders, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(orders);
        var state = new GeneratorState(orders, seed);
        state.Rates();
        state.Accounts();
        state.ErpMaster();
        state.Orders();
        state.Locks();
        state.SideRecords();
        return new BenchWorkspace(state.Data, Settings(), AsOf);
    }

    public static WorkspaceSettings Settings() => new()
    {
        Name = "bench",
        Erp = ErpKind.DynamicsFo,
        Entities = Entities,
        ReportingCurrency = Currency.Of("USD"),
        TimeZone = "UTC",
        EntityRouting = new EntityRouting
        {
            DefaultEntity = "US",
            ByShipToCountry = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["US"] = "US", ["CA"] = "US", ["DE"] = "EU", ["FR"] = "EU", ["NL"] = "EU", ["GB"] = "UK",
            },
        },
    };

    /// <summary>The period-average rate of a currency for a month, as the generator writes it (also the DuckDB side's source).</summary>
    public static decimal AverageRate(string currency, DateOnly month)
    {
        var step = ((month.Year - 2025) * 12) + month.Month;
        return currency switch
        {
            "USD" => 1m,
            "CAD" => 0.7312m + (step * 0.0013m),
            "EUR" => 1.0841m + (step * 0.0027m),
            "GBP" => 1.2663m - (step * 0.0019m),
            "JPY" => 0.006712m + (step * 0.000011m),
            _ => throw new ArgumentOutOfRangeException(nameof(currency), currency, "not a bench currency"),
        };
    }

    private enum Presence : byte
    {
        Present = 0,
        Absent = 1,
        Inactive = 2,
        OtherEntity = 3,
        HoldingOnly = 4,
        ReturningDtc = 5,
    }

    private sealed class GeneratorState
    {
        private readonly int orderCount;
        private readonly int accountCount;
        private SplitMix rng;

        // Per-account attributes, flat.
        private readonly string[] accountIds;
        private readonly byte[] accountCountry;
        private readonly int[] accountRoot;
        private readonly Presence[] rootPresence;
        private readonly bool[] accountB2b;

        public GeneratorState(int orders, ulong seed)
        {
            orderCount = orders;
            accountCount = Math.Max(60, orders / 4);
            rng = new SplitMix(seed);
            accountIds = new string[accountCount];
            accountCountry = new byte[accountCount];
            accountRoot = new int[accountCount];
            rootPresence = new Presence[accountCount];
            accountB2b = new bool[accountCount];
            Data.CommerceCustomers.Capacity = accountCount;
            Data.CommerceOrders.Capacity = orders;
            Data.ErpSalesOrders.Capacity = orders + (orders / 50);
            Data.ErpDocuments.Capacity = orders + (orders / 10);
            Data.ErpCustomers.Capacity = accountCount + (accountCount / 20);
        }

        public WorkspaceData Data { get; } = new();

        public void Rates()
        {
            for (var month = FirstRateMonth; month <= LastRateMonth; month = month.AddMonths(1))
            {
                foreach (var code in (string[])["CAD", "EUR", "GBP", "JPY"])
                {
                    Data.ExchangeRates.Add(new ExchangeRate(code, "USD", ExchangeRateKind.PeriodAverage, month, AverageRate(code, month), null));
                }
            }

            // A spot rate and a rate into another currency: stored, ignored by the revenue gap.
            Data.ExchangeRates.Add(new ExchangeRate("EUR", "USD", ExchangeRateKind.Spot, new DateOnly(2026, 4, 10), 1.0932m, null));
            Data.ExchangeRates.Add(new ExchangeRate("USD", "EUR", ExchangeRateKind.PeriodAverage, new DateOnly(2026, 4, 1), 0.9151m, null));
        }

        public void Accounts()
        {
            var asOfSeconds = AsOf.ToUnixTimeSeconds();
            for (var a = 0; a < accountCount; a++)
            {
                var platform = rng.Chance(0.7) ? Platform.Shopify : rng.Chance(0.67) ? Platform.BigCommerce : Platform.AdobeCommerce;
                var id = (1_000_000 + a).ToString(CultureInfo.InvariantCulture);
                accountIds[a] = id;
                var duplicateOf = a > 10 && rng.Chance(0.03) ? accountRoot[rng.Next(a)] : -1;
                var root = duplicateOf >= 0 ? duplicateOf : a;
                accountRoot[a] = root;
                int country;
                bool b2b;
                string email;
                string? vat = null, reference = null, phone = null;
                if (duplicateOf >= 0)
                {
                    var original = Data.CommerceCustomers[duplicateOf];
                    country = accountCountry[duplicateOf];
                    b2b = accountB2b[duplicateOf];
                    email = original.Email!.ToUpperInvariant(); // same buyer, keyed differently on another platform
                    vat = original.VatNumber is { } v ? v[..2] + " " + v[2..] : null;
                    reference = original.AccountReference is { } r ? " " + r : null;
                    phone = original.Phone;
                }
                else
                {
                    country = rng.Pick(CountryWeights);
                    b2b = rng.Chance(0.15);
                    email = "buyer" + id + "@mail" + (a % 97).ToString(CultureInfo.InvariantCulture) + ".example";
                    if (b2b && rng.Chance(0.8))
                    {
                        vat = Countries[country] + (100_000_000 + a).ToString(CultureInfo.InvariantCulture);
                    }

                    if (b2b && rng.Chance(0.5))
                    {
                        reference = "AR" + id;
                    }

                    rootPresence[a] = DrawPresence(b2b);
                    if (rootPresence[a] == Presence.ReturningDtc)
                    {
                        phone = "+1555" + (1_000_000 + a).ToString(CultureInfo.InvariantCulture);
                    }
                }

                accountCountry[a] = (byte)country;
                accountB2b[a] = b2b;
                var absent = rootPresence[root] != Presence.Present;
                var createdAt = absent && b2b && rng.Chance(0.1)
                    ? asOfSeconds - rng.Next(14 * 60) // within the sync-lag tolerance: lagging
                    : asOfSeconds - 3600 - rng.Next(720 * 86_400);
                var merged = a > 10 && rng.Chance(0.002) ? accountIds[rng.Next(a)] : null;
                Data.CommerceCustomers.Add(new CommerceCustomer(
                    platform, id, email, phone, Name: null, CompanyName: null, CompanyAccount: b2b, CustomerGroup: null,
                    Tags: b2b && rng.Chance(0.1) ? WholesaleTags : NoTags, vat, reference, Postcode: null, Countries[country],
                    DateTimeOffset.FromUnixTimeSeconds(createdAt), merged, null));
            }
        }

        private Presence DrawPresence(bool b2b)
        {
            var roll = rng.NextDouble();
            return roll switch
            {
                < 0.012 => Presence.Absent,
                < 0.015 => Presence.Inactive,
                < 0.018 => Presence.OtherEntity,
                < 0.020 => Presence.HoldingOnly,
                < 0.024 when !b2b => Presence.ReturningDtc,
                _ => Presence.Present,
            };
        }

        public void ErpMaster()
        {
            for (var e = 0; e < Entities.Length; e++)
            {
                Data.ErpCustomers.Add(new ErpCustomer(Entities[e], "WEBSALES-" + Entities[e], "Web sales", "websales@merchant.example",
                    null, null, null, null, null, ErpCustomerStatus.Active, IsHolding: true, null));
            }

            for (var a = 0; a < accountCount; a++)
            {
                if (accountRoot[a] != a)
                {
                    continue;
                }

                var account = Data.CommerceCustomers[a];
                var home = CountryEntity[accountCountry[a]];
                var b2b = accountB2b[a];
                var id = "C" + accountIds[a];
                switch (rootPresence[a])
                {
                    case Presence.Present:
                        AddErpCustomer(home, id, account, b2b, ErpCustomerStatus.Active, false, account.Email);
                        if (rng.Chance(0.02))
                        {
                            AddErpCustomer((home + 1) % 3, id + "-2", account, b2b, ErpCustomerStatus.Active, false, account.Email);
                        }

                        break;
                    case Presence.Inactive:
                        AddErpCustomer(home, id, account, b2b, ErpCustomerStatus.Inactive, false, account.Email);
                        break;
                    case Presence.OtherEntity:
                        AddErpCustomer((home + 1) % 3, id, account, b2b, ErpCustomerStatus.Active, false, account.Email);
                        break;
                    case Presence.HoldingOnly:
                        AddErpCustomer(home, id, account, b2b, ErpCustomerStatus.Active, true, account.Email);
                        break;
                    case Presence.ReturningDtc:
                        AddErpCustomer(home, id, account, false, ErpCustomerStatus.Active, false, "old" + account.Email);
                        break;
                    case Presence.Absent:
                    default:
                        break;
                }
            }
        }

        private void AddErpCustomer(int entity, string id, CommerceCustomer account, bool b2b, ErpCustomerStatus status, bool holding, string? email) =>
            Data.ErpCustomers.Add(new ErpCustomer(
                Entities[entity], id, null, email, account.Phone, b2b ? account.VatNumber : null, b2b ? account.AccountReference : null,
                null, account.Country, status, holding, null));

        public void Orders()
        {
            var asOfSeconds = AsOf.ToUnixTimeSeconds();
            var span = SpanDays * 86_400L;
            var locksEnd = new DateOnly(2026, 3, 31).DayNumber;
            for (var i = 0; i < orderCount; i++)
            {
                var id = (10_000_000 + i).ToString(CultureInfo.InvariantCulture);
                var guest = rng.Chance(0.005);
                var account = guest ? -1 : rng.Next(accountCount);
                var root = account < 0 ? -1 : accountRoot[account];
                var platform = account < 0 ? Platform.Shopify : Data.CommerceCustomers[account].Platform;
                var country = account < 0 || rng.Chance(0.02) ? rng.Pick(CountryWeights) : accountCountry[account];
                var entity = CountryEntity[country];
                var tags = NoTags;
                var ambiguous = false;
                var tagRoll = rng.NextDouble();
                if (tagRoll < 0.01)
                {
                    tags = EntityTags[entity];
                }
                else if (tagRoll < 0.013 && Countries[country] != "JP")
                {
                    tags = EntityTags[(entity + 1) % 3]; // tag and ship-to country disagree: ambiguous
                    ambiguous = true;
                }
                else if (tagRoll < 0.1)
                {
                    tags = DepartmentTags[rng.Next(DepartmentTags.Length)];
                }

                var placedAt = rng.Chance(0.0005) ? asOfSeconds + 60 + rng.Next(5 * 3600) : asOfSeconds - 1 - rng.NextLong(span);
                var statusRoll = rng.NextDouble();
                var status = statusRoll switch
                {
                    < 0.01 => CommerceOrderStatus.Draft,
                    < 0.03 => CommerceOrderStatus.Cancelled,
                    < 0.38 => CommerceOrderStatus.Open,
                    _ => CommerceOrderStatus.Fulfilled,
                };
                var currency = CountryCurrency[country];
                var digits = currency == "JPY" ? 0 : 2;
                var scale = currency == "JPY" ? 150 : 1;
                var subtotal = Money(2_000 + rng.Next(200_000), digits, scale);
                var discounts = rng.Chance(0.2) ? Money(rng.Next(1_500), digits, scale) : 0m;
                var shipping = rng.Chance(0.6) ? Money(500 + rng.Next(1_500), digits, scale) : 0m;
                var tax = Math.Round((subtotal - discounts) * 0.08m, digits, MidpointRounding.AwayFromZero);
                var total = subtotal - discounts + shipping + tax;
                var order = new CommerceOrder(
                    platform, id, null, account < 0 ? null : accountIds[account], DateTimeOffset.FromUnixTimeSeconds(placedAt), status,
                    currency, subtotal, discounts, shipping, tax, false, total, Countries[country], tags, null);
                Data.CommerceOrders.Add(order);
                if (status == CommerceOrderStatus.Draft)
                {
                    continue;
                }

                var absent = root < 0 || rootPresence[root] != Presence.Present;
                if (absent && rng.Chance(0.7))
                {
                    continue; // no ERP order: unmapped customer
                }

                var erpEntity = ambiguous ? rng.Next(3) : rng.Chance(0.005) ? (entity + 1 + rng.Next(2)) % 3 : entity;
                var reference = rng.Chance(0.05) ? order.Key : id;
                ErpSide(order, placedAt, asOfSeconds, erpEntity, reference, digits, locksEnd);
            }
        }

        private static decimal Money(int cents, int digits, int scale) =>
            digits == 0 ? cents * scale / 100 : cents / 100m;

        private void ErpSide(CommerceOrder order, long placedAt, long asOfSeconds, int entity, string reference, int digits, int locksEnd)
        {
            var net = order.NetRevenue;
            var cancelled = order.Status == CommerceOrderStatus.Cancelled;
            var lag = rng.Chance(0.05) ? 86_400 + rng.Next(3 * 86_400) : 600 + rng.Next(6 * 3600);
            var createdAt = placedAt + lag;
            var entityName = Entities[entity];
            var dimensions = EntityDimensions[entity];
            if (cancelled && rng.Chance(0.3))
            {
                return;
            }

            if (rng.Chance(0.002))
            {
                // A replaced ERP order: the cancelled first attempt, then the live one.
                Data.ErpSalesOrders.Add(new ErpSalesOrder(entityName, "SX" + order.Id, reference, null, ErpOrderStatus.Cancelled,
                    order.Currency, net, DateTimeOffset.FromUnixTimeSeconds(createdAt - 300), dimensions, null));
            }

            var erpCancelled = (cancelled && rng.Chance(0.7)) || rng.Chance(0.003);
            var erpNet = rng.Chance(0.003) ? net + Math.Round((rng.Next(2_000) - 1_000) / 100m, digits, MidpointRounding.AwayFromZero) : net;
            var invoiceRoll = rng.NextDouble();
            var invoiced = !erpCancelled && invoiceRoll < 0.94;
            var partial = invoiced && invoiceRoll < 0.02;
            var status = erpCancelled ? ErpOrderStatus.Cancelled : invoiced && !partial ? ErpOrderStatus.Invoiced : ErpOrderStatus.Released;
            Data.ErpSalesOrders.Add(new ErpSalesOrder(entityName, "SO" + order.Id, reference, null, status, order.Currency, erpNet,
                DateTimeOffset.FromUnixTimeSeconds(createdAt), dimensions, null));
            if (!invoiced)
            {
                return;
            }

            var invoiceNet = partial ? Math.Round(erpNet * 0.6m, digits, MidpointRounding.AwayFromZero) : erpNet;
            var postedDay = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(createdAt).UtcDateTime).AddDays(rng.Chance(0.7) ? 0 : 1 + rng.Next(5));
            var postedStart = new DateTimeOffset(postedDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
            var invoiceCreated = Math.Max(createdAt, postedStart) + rng.Next(4 * 3600);
            if (postedDay.DayNumber <= locksEnd && rng.Chance(0.01))
            {
                invoiceCreated = new DateTimeOffset(2026, 4, 6, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() + rng.Next(5 * 86_400); // posted back into a locked period
            }

            var month = new DateOnly(postedDay.Year, postedDay.Month, 1);
            var average = AverageRate(order.Currency, month);
            var rate = order.Currency == "USD" || rng.Chance(0.5) ? average : Math.Round(average * (1m + ((rng.Next(400) - 200) / 10_000m)), 6, MidpointRounding.AwayFromZero);
            var deferred = rng.Chance(0.03) ? Math.Round(invoiceNet * 0.2m, digits, MidpointRounding.AwayFromZero) : 0m;
            var invoiceReference = rng.Chance(0.001) ? null : reference;
            Data.ErpDocuments.Add(new ErpDocument(ErpDocumentKind.Invoice, entityName, "INV" + order.Id, invoiceReference, null, postedDay,
                DateTimeOffset.FromUnixTimeSeconds(invoiceCreated), order.Currency, invoiceNet, rate, deferred, CommerceSourced: !rng.Chance(0.005),
                dimensions, null));
            if (cancelled || rng.Chance(0.04))
            {
                var memoDay = postedDay.AddDays(1 + rng.Next(20));
                var memoNet = cancelled ? invoiceNet : Math.Round(invoiceNet * ((30 + rng.Next(70)) / 100m), digits, MidpointRounding.AwayFromZero);
                var memoCreated = new DateTimeOffset(memoDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds() + rng.Next(8 * 3600);
                Data.ErpDocuments.Add(new ErpDocument(ErpDocumentKind.CreditMemo, entityName, "CM" + order.Id, reference, null, memoDay,
                    DateTimeOffset.FromUnixTimeSeconds(memoCreated), order.Currency, memoNet, rate, 0m, CommerceSourced: true, dimensions, null));
            }

            _ = asOfSeconds;
        }

        public void Locks()
        {
            foreach (var entity in Entities)
            {
                for (var month = new DateOnly(2025, 12, 1); month <= new DateOnly(2026, 3, 1); month = month.AddMonths(1))
                {
                    var next = month.AddMonths(1);
                    Data.PeriodLocks.Add(new PeriodLock(entity, month, next.AddDays(-1),
                        new DateTimeOffset(next.AddDays(4).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), null));
                }
            }
        }

        public void SideRecords()
        {
            var asOfSeconds = AsOf.ToUnixTimeSeconds();
            var lastRun = asOfSeconds - 1800;
            var dataverse = 0;
            for (var a = 0; a < accountCount; a++)
            {
                var account = Data.CommerceCustomers[a];
                var absent = rootPresence[accountRoot[a]] != Presence.Present;
                if (accountB2b[a] && rng.Chance(absent ? 0.6 : 0.2))
                {
                    var attempted = Math.Min(account.CreatedAt.ToUnixTimeSeconds() + 60 + rng.Next(3600), lastRun - 1 - rng.Next(3600));
                    var failed = absent && rng.Chance(0.6);
                    Data.SyncLog.Add(new SyncLogEntry("S" + account.Id, SyncObject.Customer, account.Key, DateTimeOffset.FromUnixTimeSeconds(attempted),
                        failed ? SyncOutcome.Failed : SyncOutcome.Created, failed ? SyncFailure : null, null));
                }

                if (absent && dataverse < 2_000 && rng.Chance(0.2))
                {
                    dataverse++;
                    Data.DataverseRecords.Add(new DataverseRecord("DV" + account.Id, accountB2b[a] ? "account" : "contact", null, account.Email,
                        account.VatNumber, null, PromotedToErp: rng.Chance(0.2), null));
                }
            }

            Data.SyncLog.Add(new SyncLogEntry("S-last-run", SyncObject.Order, "shopify:0", DateTimeOffset.FromUnixTimeSeconds(lastRun), SyncOutcome.Skipped, null, null));
            var first = DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(-SpanDays);
            for (var day = first; day <= DateOnly.FromDateTime(AsOf.UtcDateTime); day = day.AddDays(1))
            {
                foreach (var entity in Entities)
                {
                    Data.GlEntries.Add(new GlEntry(entity, "GL-" + entity + "-" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), day, "4000",
                        0m, entity == "EU" ? "EUR" : entity == "UK" ? "GBP" : "USD", null, Dimensions.None, null));
                }
            }

            foreach (var source in (string[])["shopify", "bigcommerce", "adobe_commerce", "dynamics_fo", "sync_log"])
            {
                Data.Sources.Add(new SourceFreshness(source, AsOf, null));
            }
        }
    }

    /// <summary>SplitMix64: small, fast and the same on every platform, so a seed always gives the same workspace.</summary>
    private struct SplitMix(ulong seed)
    {
        private ulong state = seed;

        public ulong NextU64()
        {
            unchecked
            {
                var z = state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

        public int Next(int bound) => (int)(NextU64() % (ulong)bound);

        public long NextLong(long bound) => (long)(NextU64() % (ulong)bound);

        public bool Chance(double probability) => NextDouble() < probability;

        public int Pick(double[] weights)
        {
            var roll = NextDouble();
            for (var i = 0; i < weights.Length - 1; i++)
            {
                roll -= weights[i];
                if (roll < 0)
                {
                    return i;
                }
            }

            return weights.Length - 1;
        }
    }
}
