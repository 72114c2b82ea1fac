using CsCheck;
using Gapwatch.Model;
using Gapwatch.Time;
using Gapwatch.Workspace;

namespace Gapwatch.Core.Tests.Reconciliation;

/// <summary>One generated workspace: its facts, its field map and the as-of time of the refresh.</summary>
public sealed record RandomWorkspace(WorkspaceData Data, WorkspaceSettings Settings, DateTimeOffset AsOf)
{
    public override string ToString() =>
        $"{Settings.Erp.Key()} {Settings.ReportingCurrency.Code} tz={Settings.TimeZone} entities=[{string.Join(",", Settings.Entities)}] " +
        $"as-of={AsOf:O} window={Settings.Windows.RevenueGapDays}d tolerance={Settings.Tolerances.PeriodBoundaryHours}h: " +
        $"{Data.CommerceCustomers.Count} customers, {Data.CommerceOrders.Count} orders, {Data.CommerceRefunds.Count} refunds, " +
        $"{Data.ErpCustomers.Count} ERP customers, {Data.ErpSalesOrders.Count} ERP orders, {Data.ErpDocuments.Count} documents, " +
        $"{Data.GlEntries.Count} GL entries, {Data.PeriodLocks.Count} locks, {Data.ExchangeRates.Count} rates, {Data.SyncLog.Count} sync rows";
}

/// <summary>
/// CsCheck generators of small, valid workspaces (the importer's rules in
/// <c>src/Gapwatch.Files/Import/Schemas.cs</c>: unique keys per kind, non-negative amounts, rates above
/// zero, deferred never above the net, a lock's end not before its start). A workspace is generated
/// as plans of small integers, each choice a value modulo its number of options with option 0 the
/// simplest, so CsCheck shrinks a failure towards fewer, plainer records.
/// </summary>
public static class RandomWorkspaces
{
    private const int Choice = 1_000;

    /// <summary>Every ERP's generator.</summary>
    public static IReadOnlyList<ErpKind> Erps { get; } = [ErpKind.SageIntacct, ErpKind.BusinessCentral, ErpKind.DynamicsFo];

    public static Gen<RandomWorkspace> For(ErpKind erp) =>
        Gen.Select(
            Plan(16),
            Plan(14).Array[0, 7],
            Plan(32).Array[0, 14],
            Plan(12).Array[0, 3],
            Plan(6).Array[0, 4],
            (top, customers, orders, strays, locks) => new Builder(erp, top, customers, orders, strays, locks).Build());

    private static Gen<int[]> Plan(int fields) => Gen.Int[0, Choice - 1].Array[fields];

    /// <summary>Turns plans into records. Every choice is <c>plan[field] % options</c>.</summary>
    private sealed class Builder
    {
        private static readonly string[] ReportingCodes = ["USD", "USD", "USD", "EUR", "JPY", "KWD"];
        private static readonly string[] ForeignCodes = ["EUR", "GBP", "CAD", "JPY", "KWD", "USD"];
        private static readonly string[] Zones = ["UTC", "America/New_York", "Europe/London", "Asia/Tokyo"];
        private static readonly Platform[] Platforms = [Platform.Shopify, Platform.BigCommerce, Platform.AdobeCommerce];
        private static readonly string[] Countries = ["US", "GB", "DE", "US"];

        private readonly ErpKind erp;
        private readonly int[] top;
        private readonly int[][] customerPlans;
        private readonly int[][] orderPlans;
        private readonly int[][] strayPlans;
        private readonly int[][] lockPlans;
        private readonly WorkspaceData data = new();
        private readonly List<string> currencies = [];
        private readonly Dictionary<(string Code, int Month), decimal> averages = [];
        private readonly HashSet<string> keys = new(StringComparer.Ordinal);
        private string[] entities = [];
        private WorkspaceCalendar calendar = WorkspaceCalendar.Utc;
        private TimeZoneInfo zone = TimeZoneInfo.Utc;
        private DateTimeOffset asOf;
        private DateOnly windowStart;
        private DateOnly windowEnd;
        private DateTimeOffset windowEndsAt;
        private int toleranceHours;
        private int sequence;

        public Builder(ErpKind erp, int[] top, int[][] customers, int[][] orders, int[][] strays, int[][] locks)
        {
            this.erp = erp;
            this.top = top;
            customerPlans = customers;
            orderPlans = orders;
            strayPlans = strays;
            lockPlans = locks;
        }

        public RandomWorkspace Build()
        {
            var reporting = ReportingCodes[top[0] % ReportingCodes.Length];
            currencies.Add(reporting);
            foreach (var code in ForeignCodes.Where(c => c != reporting).Take(top[1] % 3))
            {
                currencies.Add(code);
            }

            var entityNames = erp switch
            {
                ErpKind.SageIntacct => new[] { "EAST", "WEST", "CANADA" },
                ErpKind.BusinessCentral => ["CRONUS US", "CRONUS UK", "CRONUS DE"],
                _ => ["USMF", "GBSI", "DEMF"],
            };
            entities = entityNames[..(1 + (top[2] % 3))];
            var timeZone = Zones[top[3] % Zones.Length];
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            calendar = new WorkspaceCalendar(zone);
            var asOfDay = new DateOnly(2026, 4, 1).AddDays(top[4] % 30);
            asOf = Local(asOfDay, 4 * 3600 + (top[5] * 97 % (20 * 3600)));
            var windowDays = (top[6] % 5) switch { 0 or 1 or 2 => 30, 3 => 7, _ => 31 };
            toleranceHours = (top[7] % 5) switch { 0 or 1 => 48, 2 => 24, 3 => 0, _ => 72 };
            windowEnd = calendar.DayOf(asOf);
            windowStart = windowEnd.AddDays(1 - windowDays);
            windowEndsAt = calendar.EndOf(windowEnd);

            var settings = new WorkspaceSettings
            {
                Name = "random",
                Erp = erp,
                Entities = entities,
                ReportingCurrency = Currency.Of(reporting),
                TimeZone = timeZone,
                EntityRouting = Routing(),
                HoldingCustomers = ["WEB"],
                Tolerances = new Tolerances { PeriodBoundaryHours = toleranceHours, SyncLagMinutes = 15 },
                Windows = new CardWindows { CustomerCardDays = 7, RevenueGapDays = windowDays },
            };

            Rates();
            data.ErpCustomers.Add(new ErpCustomer(entities[0], "WEB", "Web sales (holding)", "orders@shop.example", null, null, null, null, "US",
                ErpCustomerStatus.Active, top[10] % 2 == 0, asOf));
            var customers = customerPlans.Select((plan, i) => Customer(plan, i)).ToList();
            for (var i = 0; i < orderPlans.Length; i++)
            {
                Order(orderPlans[i], i, customers);
            }

            foreach (var plan in strayPlans)
            {
                StrayDocument(plan);
            }

            foreach (var plan in lockPlans)
            {
                Lock(plan);
            }

            data.Sources.Add(new SourceFreshness("shopify", asOf.AddMinutes(top[11] % 90), asOf));
            data.Sources.Add(new SourceFreshness(erp.Key(), asOf, asOf));
            return new RandomWorkspace(data, settings, asOf);
        }

        private EntityRouting Routing()
        {
            var byCountry = new Dictionary<string, string>(StringComparer.Ordinal);
            if (entities.Length > 1 && top[9] % 2 == 0)
            {
                byCountry["GB"] = entities[1];
            }

            if (entities.Length > 2 && top[9] % 3 == 0)
            {
                byCountry["DE"] = entities[2];
            }

            var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
            if (entities.Length > 1 && top[12] % 3 == 0)
            {
                overrides["shopify:C1"] = entities[^1];
            }

            return new EntityRouting
            {
                DefaultEntity = entities.Length == 1 || top[8] % 3 == 0 ? null : entities[0],
                TagPrefix = "entity",
                ByTagValue = new Dictionary<string, string>(StringComparer.Ordinal) { ["east"] = entities[0], ["west"] = entities[^1] },
                ByShipToCountry = byCountry,
                CustomerOverrides = overrides,
            };
        }

        /// <summary>Period-average rates into the reporting currency for every month an order or document can fall in, and some spot rates.</summary>
        private void Rates()
        {
            var reporting = currencies[0];
            for (var c = 1; c < currencies.Count; c++)
            {
                var baseRate = BaseRate(currencies[c], reporting);
                for (var month = 1; month <= 6; month++)
                {
                    var rate = Math.Round(baseRate * (1m + (((top[13] + (month * 37) + (c * 11)) % 21) - 10) / 400m), 6, MidpointRounding.AwayFromZero);
                    averages[(currencies[c], month)] = rate;
                    data.ExchangeRates.Add(new ExchangeRate(currencies[c], reporting, ExchangeRateKind.PeriodAverage, new DateOnly(2026, month, 1), rate, asOf));
                    data.ExchangeRates.Add(new ExchangeRate(currencies[c], reporting, ExchangeRateKind.Spot, new DateOnly(2026, month, 15),
                        Math.Round(rate * 1.003m, 6, MidpointRounding.AwayFromZero), asOf));
                }
            }
        }

        private static decimal BaseRate(string from, string to) => UnitsPerUsd(to) / UnitsPerUsd(from);

        private static decimal UnitsPerUsd(string code) => code switch
        {
            "EUR" => 0.92m,
            "GBP" => 0.79m,
            "CAD" => 1.36m,
            "JPY" => 151m,
            "KWD" => 0.307m,
            _ => 1m,
        };

        private CommerceCustomer Customer(int[] p, int index)
        {
            var platform = Platforms[p[0] % 3];
            var id = "C" + (index + 1);
            var b2b = p[1] % 3 == 0;
            var email = (p[2] % 6) switch
            {
                0 => $"buyer{index}@mail.example",
                1 => $" Buyer{index}@Mail.example ",
                2 => $"buyer{index % 2}@mail.example", // shared with another account: one buyer
                3 => "orders@shop.example", // the holding customer's email
                4 => null,
                _ => $"buyer{index}@other.example",
            };
            var vat = b2b && p[3] % 3 != 0 ? $"GB {100 + (index % 3)}.456-789" : null;
            var reference = p[4] % 3 == 0 ? $"REF-{index % 4}" : null;
            var created = (p[5] % 5) switch
            {
                0 => asOf.AddDays(-60),
                1 => asOf.AddDays(-3),
                2 => asOf.AddMinutes(-10),
                3 => asOf.AddMinutes(-15),
                _ => asOf.AddMinutes(-16),
            };
            var merged = p[6] % 7 == 0 && index > 0 ? "C1" : null;
            var customer = new CommerceCustomer(
                platform, id, email, p[7] % 2 == 0 ? "+44 20 7946 0" + (100 + index) : null, $"Buyer {index}", b2b ? $"Company {index} Ltd" : null,
                b2b && p[1] % 2 == 0, b2b && p[1] % 2 != 0 ? "Wholesale" : null, b2b && p[1] % 5 == 0 ? ["b2b"] : [], vat, reference,
                $"SW1A {index}AA", Countries[p[8] % Countries.Length], created, merged, asOf);
            data.CommerceCustomers.Add(customer);
            ErpRecordFor(customer, p);
            SyncRows(customer, p);
            if (p[12] % 4 == 0)
            {
                data.DataverseRecords.Add(new DataverseRecord($"DV-{index}", p[12] % 8 == 0 ? "account" : "contact", customer.Name, customer.Email,
                    customer.VatNumber, customer.AccountReference, p[13] % 2 == 0, asOf));
            }

            return customer;
        }

        /// <summary>The customer's ERP record: none, active, inactive, in another entity, a holding record, or found only by a fuzzy key.</summary>
        private void ErpRecordFor(CommerceCustomer customer, int[] p)
        {
            var entity = entities[p[9] % entities.Length];
            var other = entities[(p[9] + 1) % entities.Length];
            var email = customer.Email?.Trim().ToUpperInvariant();
            ErpCustomer Record(string e, ErpCustomerStatus status, bool holding, string? mail, string? vat, string? reference) =>
                new(e, "ERP-" + customer.Id + (holding ? "-H" : "") + (e == entity ? "" : "-" + e), customer.CompanyName ?? customer.Name, mail,
                    customer.Phone, vat, reference, customer.Postcode, customer.Country, status, holding, asOf);
            var record = (p[10] % 8) switch
            {
                0 => null,
                1 or 2 => Record(entity, ErpCustomerStatus.Active, false, email, customer.VatNumber?.Replace(" ", "", StringComparison.Ordinal), customer.AccountReference),
                3 => Record(entity, ErpCustomerStatus.Inactive, false, email, null, null),
                4 => Record(other, ErpCustomerStatus.Active, false, email, null, customer.AccountReference),
                5 => Record(entity, ErpCustomerStatus.Active, true, email, customer.VatNumber, null),
                6 => Record(entity, ErpCustomerStatus.Active, false, "changed-" + (p[11] % 3) + "@mail.example", null, null),
                _ => Record(entity, ErpCustomerStatus.Active, false, null, null, customer.AccountReference),
            };
            if (record is not null && keys.Add("erpc/" + record.Key))
            {
                data.ErpCustomers.Add(record);
            }
        }

        private void SyncRows(CommerceCustomer customer, int[] p)
        {
            var reference = (p[11] % 4) switch
            {
                0 => customer.Key,
                1 => customer.Id,
                2 => customer.Email ?? customer.Key,
                _ => customer.Key.ToUpperInvariant(),
            };
            var attempts = p[13] % 4;
            for (var a = 0; a < attempts; a++)
            {
                var outcome = (SyncOutcome)(1 + ((p[11] + a) % 4));
                var at = (p[5] + a) % 3 == 0 ? asOf.AddMinutes(5 + a) : asOf.AddHours(-(a + 1) * 7);
                data.SyncLog.Add(new SyncLogEntry("LOG-" + Next(), SyncObject.Customer, reference, at, outcome,
                    outcome == SyncOutcome.Failed ? "TAXSCHEDULE missing" : null, asOf));
            }
        }

        private void Order(int[] p, int index, List<CommerceCustomer> customers)
        {
            string? customerId = customers.Count == 0 || p[1] % 6 == 5 ? (p[1] % 12 == 5 ? "GHOST" : null) : customers[p[1] % customers.Count].Id;
            var platform = customerId is not null && customerId != "GHOST" ? customers[p[1] % customers.Count].Platform : Platforms[p[0] % 3];
            var id = (1000 + (index / 2)).ToString(System.Globalization.CultureInfo.InvariantCulture); // ids collide across platforms
            if (!keys.Add("order/" + CommerceRef.Format(platform, id)))
            {
                id += "-" + index;
                keys.Add("order/" + CommerceRef.Format(platform, id));
            }

            var placedAt = Placement(p[2], p[3]);
            var status = (p[4] % 20) switch
            {
                < 9 => CommerceOrderStatus.Fulfilled,
                < 14 => CommerceOrderStatus.Open,
                < 17 => CommerceOrderStatus.Cancelled,
                _ => CommerceOrderStatus.Draft,
            };
            var code = currencies[p[5] % currencies.Count];
            var currency = Currency.Of(code);
            var subtotal = Amount(currency, p[6], p[7]);
            var discounts = currency.Round(subtotal * ((p[8] % 3) * 0.05m));
            var shipping = p[9] % 3 == 0 ? 0m : currency.Round(Amount(currency, p[9], p[9]) / 50m);
            var taxRate = (p[10] % 3) switch { 0 => 0m, 1 => 0.075m, _ => 0.20m };
            var taxesIncluded = p[11] % 4 == 0;
            var beforeTax = subtotal - discounts + shipping;
            var tax = taxesIncluded ? currency.Round(beforeTax * taxRate / (1 + taxRate)) : currency.Round(beforeTax * taxRate);
            var total = taxesIncluded ? beforeTax : beforeTax + tax;
            var tags = new List<string>();
            if (p[12] % 4 == 1)
            {
                tags.Add("entity:east");
            }
            else if (p[12] % 4 == 2)
            {
                tags.Add("entity:west");
            }

            if (p[13] % 3 == 0)
            {
                tags.Add("department:" + (100 + (p[13] % 5 * 100)));
            }

            var order = new CommerceOrder(platform, id, "#" + (5000 + index), customerId, placedAt, status, code, subtotal, discounts, shipping, tax,
                taxesIncluded, total, Countries[p[14] % Countries.Length], tags, asOf);
            data.CommerceOrders.Add(order);
            Refund(order, p[15]);
            var erpOrder = ErpOrders(order, p);
            Invoices(order, erpOrder, p);
            CreditMemo(order, erpOrder, p[29], p[30]);
        }

        /// <summary>Inside the window, before it, within the tolerance of its end, after the as-of time, or on its first day's edges.</summary>
        private DateTimeOffset Placement(int kind, int jitter)
        {
            var days = windowEnd.DayNumber - windowStart.DayNumber + 1;
            return (kind % 20) switch
            {
                < 10 => Clamp(Local(windowStart.AddDays(jitter % days), (jitter * 7919) % 86_400)),
                < 13 => Local(windowStart.AddDays(-1 - (jitter % 25)), (jitter * 131) % 86_400),
                < 16 => Clamp(windowEndsAt.AddSeconds(-1 - ((long)jitter * 613 % ((toleranceHours + 6) * 3600L)))),
                < 18 => asOf.AddSeconds(1 + ((long)jitter * 89 % (30 * 3600))),
                _ => calendar.StartOf(windowStart).AddSeconds(jitter % 2 == 0 ? 0 : -1),
            };
        }

        private DateTimeOffset Clamp(DateTimeOffset at) => at > asOf ? asOf.AddSeconds(-(at - asOf).TotalSeconds % 3600) : at;

        private static decimal Amount(Currency currency, int whole, int fraction)
        {
            var units = (whole * 7) % 3000;
            var minor = fraction % currency.MinorFactor;
            return units + currency.FromMinorUnits(minor);
        }

        private void Refund(CommerceOrder order, int p)
        {
            if (p % 4 != 0 || order.NetRevenue == 0m)
            {
                return;
            }

            var currency = Currency.Of(order.Currency);
            var amount = p % 8 == 0 ? order.Total : currency.Round(order.Total / 3m);
            data.CommerceRefunds.Add(new CommerceRefund(order.Platform, "R-" + Next(), order.Id, order.PlacedAt.AddDays(1 + (p % 5)), amount,
                currency.Round(order.Tax * (amount / Math.Max(order.Total, 0.01m))), order.Currency, asOf));
        }

        /// <summary>None, one live in the expected entity or another, cancelled, cancelled then re-created, created after the as-of time, or double-synced live into two entities.</summary>
        private ErpSalesOrder? ErpOrders(CommerceOrder order, int[] p)
        {
            var kind = p[16] % 12;
            if (kind < 3 || order.Status == CommerceOrderStatus.Draft)
            {
                return null;
            }

            var expected = ExpectedEntityGuess(order);
            var entity = kind == 5 && entities.Length > 1 ? entities[(Array.IndexOf(entities, expected) + 1) % entities.Length] : expected;
            var created = (p[17] % 6) switch
            {
                < 3 => order.PlacedAt.AddMinutes(10),
                3 => windowEndsAt.AddMinutes(1 + (p[17] % 50)),
                4 => windowEndsAt.AddSeconds(-1),
                _ => order.PlacedAt.AddHours(30),
            };
            if (kind == 11)
            {
                created = asOf.AddMinutes(1 + (p[17] % 50));
            }

            var currency = Currency.Of(order.Currency);
            var net = (p[18] % 4) switch
            {
                0 or 1 => order.NetRevenue,
                2 => order.NetRevenue + currency.Round(order.NetRevenue / 2m),
                _ => currency.Round(order.NetRevenue * 0.9m),
            };
            var reference = Reference(order, p[19]);
            var dimensions = new Dimensions(p[20] % 2 == 0 ? "200" : null, p[20] % 3 == 0 ? "DC-1" : null, null, "ERP-" + order.CustomerId);
            if (kind is 6 or 7)
            {
                var cancelled = new ErpSalesOrder(entity, "SO-" + Next(), reference, null, ErpOrderStatus.Cancelled, order.Currency, net, created, dimensions, asOf);
                data.ErpSalesOrders.Add(cancelled);
                if (kind == 6)
                {
                    return cancelled;
                }

                created = created.AddHours(2);
            }

            var status = (p[21] % 5) switch
            {
                0 => ErpOrderStatus.Invoiced,
                1 => ErpOrderStatus.Open,
                2 => ErpOrderStatus.Released,
                3 => ErpOrderStatus.Shipped,
                _ => ErpOrderStatus.Invoiced,
            };
            var live = new ErpSalesOrder(entity, "SO-" + Next(), reference, null, status, order.Currency, net, created, dimensions, asOf);
            data.ErpSalesOrders.Add(live);
            if (kind == 8 && entities.Length > 1 && p[20] % 2 == 0)
            {
                // A double sync: the same order also live in another entity, created at the same instant
                // (the id decides, or with the same id the entity) or an hour earlier (it then stands for the order).
                var twin = entities[(Array.IndexOf(entities, entity) + 1) % entities.Length];
                var twinId = p[17] % 3 == 0 ? live.Id : "SO-" + Next();
                var twinCreated = p[18] % 3 == 0 ? created.AddHours(-1) : created;
                data.ErpSalesOrders.Add(new ErpSalesOrder(twin, twinId, reference, null, status, order.Currency, net, twinCreated, dimensions, asOf));
            }

            return live;
        }

        /// <summary>A rough guess at routing, only to make ERP records land in the right entity most of the time.</summary>
        private string ExpectedEntityGuess(CommerceOrder order) =>
            order.Tags.Contains("entity:west") ? entities[^1] : order.ShipToCountry == "GB" && entities.Length > 1 ? entities[1] : entities[0];

        private static string? Reference(CommerceOrder order, int p) => (p % 10) switch
        {
            < 6 => order.Key,
            6 => order.Id,
            7 => order.Number,
            8 => "  " + order.Key + " ",
            _ => null,
        };

        /// <summary>Zero to two invoices: in the window or around it, full or partial, at the period average or a booked rate, some deferred, some created after a lock.</summary>
        private void Invoices(CommerceOrder order, ErpSalesOrder? erpOrder, int[] p)
        {
            var count = order.Status == CommerceOrderStatus.Draft ? 0 : (p[22] % 7) switch { < 2 => 0, < 6 => 1, _ => 2 };
            var placedDay = calendar.DayOf(order.PlacedAt);
            for (var i = 0; i < count; i++)
            {
                var v = p[23 + i];
                var posted = (v % 8) switch
                {
                    < 4 => placedDay.AddDays(v % 3),
                    4 => windowEnd.AddDays(1),
                    5 => windowStart.AddDays(-1),
                    6 => windowStart.AddDays(v % 10),
                    _ => placedDay,
                };
                var created = (p[25] % 5) switch
                {
                    < 3 => Local(posted, 20 * 3600),
                    3 => Local(posted, 20 * 3600).AddDays(20), // created long after posting: after a lock, perhaps after the as-of time
                    _ => asOf.AddSeconds(-30),
                };
                var code = p[26] % 5 == 0 ? currencies[0] : order.Currency;
                var currency = Currency.Of(code);
                var orderNet = code == order.Currency ? order.NetRevenue : currency.Round(order.NetRevenue * RateOrOne(order.Currency, placedDay));
                var net = (p[27] % 5) switch
                {
                    < 3 => count == 2 ? currency.Round(orderNet / 2m) : orderNet,
                    3 => currency.Round(orderNet / 3m),
                    _ => orderNet + currency.FromMinorUnits(1 + (p[27] % 500)),
                };
                var average = code == currencies[0] ? 1m : averages[(code, posted.Month)];
                var rate = code == currencies[0] ? 1m : (p[28] % 3) switch
                {
                    0 => average,
                    1 => Math.Round(average * 0.97m, 6, MidpointRounding.AwayFromZero),
                    _ => Math.Round(average * 1.021m, 6, MidpointRounding.AwayFromZero),
                };
                var deferred = (p[24] % 5) switch { 0 => currency.Round(net / 4m), 1 => net, _ => 0m };
                var entity = erpOrder?.Entity ?? ExpectedEntityGuess(order);
                var invoice = new ErpDocument(ErpDocumentKind.Invoice, entity, "INV-" + Next(), Reference(order, p[19] + i), erpOrder?.CustomerId, posted,
                    created, code, net, rate, deferred, p[31] % 13 != 0, new Dimensions("300", null, "P-" + (v % 3), null), asOf);
                data.ErpDocuments.Add(invoice);
                GlFor(invoice);
            }
        }

        private decimal RateOrOne(string code, DateOnly day) => code == currencies[0] ? 1m : averages[(code, day.Month)];

        private void CreditMemo(CommerceOrder order, ErpSalesOrder? erpOrder, int p, int q)
        {
            if (p % 4 != 0 || order.Status == CommerceOrderStatus.Draft)
            {
                return;
            }

            var currency = Currency.Of(order.Currency);
            var posted = (q % 4) switch
            {
                0 or 1 => calendar.DayOf(order.PlacedAt).AddDays(2),
                2 => windowStart.AddDays(-2),
                _ => windowEnd,
            };
            var net = q % 3 == 0 ? order.NetRevenue : currency.Round(order.NetRevenue / 4m);
            var rate = order.Currency == currencies[0] ? 1m : Math.Round(averages[(order.Currency, posted.Month)] * 1.01m, 6, MidpointRounding.AwayFromZero);
            var memo = new ErpDocument(ErpDocumentKind.CreditMemo, erpOrder?.Entity ?? entities[0], "CM-" + Next(), Reference(order, q), null, posted,
                Local(posted, 21 * 3600), order.Currency, net, rate, 0m, true, Dimensions.None, asOf);
            data.ErpDocuments.Add(memo);
            GlFor(memo);
        }

        /// <summary>An invoice or credit memo with no commerce order behind it (or a reference that resolves to none), commerce-sourced or not.</summary>
        private void StrayDocument(int[] p)
        {
            var code = currencies[p[0] % currencies.Count];
            var currency = Currency.Of(code);
            var posted = windowStart.AddDays(p[1] % 40 - 5);
            var kind = p[2] % 3 == 0 ? ErpDocumentKind.CreditMemo : ErpDocumentKind.Invoice;
            var net = Amount(currency, p[3], p[4]);
            var rate = code == currencies[0] ? 1m : averages[(code, posted.Month)];
            var reference = (p[5] % 4) switch
            {
                0 => null,
                1 => "NO-SUCH-ORDER",
                2 => "1000", // a bare id that several platforms share: never resolved
                _ => data.CommerceOrders.Count > 0 ? data.CommerceOrders[p[6] % data.CommerceOrders.Count].Key : null,
            };
            var document = new ErpDocument(kind, entities[p[7] % entities.Length], (kind == ErpDocumentKind.Invoice ? "INV-X" : "CM-X") + Next(), reference, null,
                posted, Local(posted, (p[8] % 24) * 3600), code, net, rate, kind == ErpDocumentKind.Invoice && p[9] % 4 == 0 ? currency.Round(net / 2m) : 0m,
                p[10] % 4 != 0, Dimensions.None, asOf);
            data.ErpDocuments.Add(document);
            GlFor(document);
        }

        /// <summary>The GL revenue entry of a document (the engine reads documents; GL entries ride along as they would in an export).</summary>
        private void GlFor(ErpDocument document)
        {
            var reporting = Currency.Of(currencies[0]);
            var amount = reporting.Round((document.NetAmount - document.DeferredAmount) * document.ExchangeRate);
            data.GlEntries.Add(new GlEntry(document.Entity, "GL-" + Next(), document.PostedOn, "4000",
                document.DocumentKind == ErpDocumentKind.Invoice ? -amount : amount, reporting.Code, document.Id, document.Dimensions, asOf));
        }

        /// <summary>A closed month of one entity, locked after its end (before or after documents were created in it).</summary>
        private void Lock(int[] p)
        {
            var entity = entities[p[0] % entities.Length];
            var month = 2 + (p[1] % 3);
            var start = new DateOnly(2026, month, 1);
            var end = start.AddMonths(1).AddDays(-1);
            if (!keys.Add($"lock/{entity}/{start:yyyy-MM-dd}"))
            {
                return;
            }

            var lockedAt = (p[2] % 3) switch
            {
                0 => Local(end, 23 * 3600).AddDays(3),
                1 => Local(end.AddDays(-10), 12 * 3600),
                _ => asOf.AddDays(-1),
            };
            data.PeriodLocks.Add(new PeriodLock(entity, start, end, lockedAt, asOf));
        }

        /// <summary>An instant at a local wall-clock time of a day in the workspace zone.</summary>
        private DateTimeOffset Local(DateOnly day, int secondOfDay)
        {
            var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddSeconds(secondOfDay);
            while (zone.IsInvalidTime(local))
            {
                local = local.AddMinutes(30);
            }

            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        private int Next() => ++sequence;
    }
}
