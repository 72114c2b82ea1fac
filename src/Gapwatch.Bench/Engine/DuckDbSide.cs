using System.Globalization;
using DuckDB.NET.Data;
using Gapwatch.Cards;
using Gapwatch.Model;
using Gapwatch.Reconciliation;
using Gapwatch.Time;
using Gapwatch.Workspace;

namespace Gapwatch.Bench.Engine;

/// <summary>
/// The same cards as SQL in DuckDB (in-memory, in this process): the records are appended with
/// the Appender, normalised and joined in SQL (the load step), and each card is one or more
/// queries. The SQL follows docs/reconciliation.md rule by rule; the assumptions it makes about
/// the generated data (accounts sharing a key share their e-mail; the fuzzy matcher reduces to an
/// exact phone match because generated parties carry no names; no per-customer routing
/// overrides; period locks do not overlap) are listed in docs/performance.md.
/// </summary>
internal static class DuckDbSide
{
    public static (Dictionary<string, StepCost>, Dictionary<(string Card, string Figure), decimal>) Run(
        BenchWorkspace workspace, BenchOptions options, TextWriter log)
    {
        var costs = new Dictionary<string, StepCost>(StringComparer.Ordinal);
        var sql = new CardSql(workspace);
        var (load, connection) = Measurement.Measure(() => Load(workspace, sql), options.EffectiveLoadRuns, c => c.Dispose());
        using (connection)
        {
            costs[BenchSteps.Load] = load;
            EngineBenchmark.Progress(log, "duckdb", BenchSteps.Load, load);
            log.WriteLine("           duckdb_memory() after load: " + Measurement.Megabytes(Scalar(connection, "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()")));

            var figures = new Dictionary<(string, string), decimal>();
            var steps = new (string Key, Func<Dictionary<string, decimal>> Compute)[]
            {
                (BenchSteps.Presence, () => { Execute(connection, sql.Presence); return []; }),
                (CardKeys.CustomersAbsent, () => sql.CustomersAbsent(connection)),
                (CardKeys.B2bCustomersAbsentSync, () => sql.B2bSync(connection)),
                (CardKeys.CustomersAbsentBlocked, () => sql.Blocked(connection)),
                (CardKeys.RevenueGap, () => sql.RevenueGap(connection)),
                (CardKeys.RevenueGapBreakdown, () => sql.Breakdown(connection)),
            };
            foreach (var (key, compute) in steps)
            {
                var (cost, result) = Measurement.Measure(compute, options.EffectiveRuns);
                costs[key] = cost;
                foreach (var (figure, value) in result)
                {
                    figures[(key, figure)] = value;
                }

                EngineBenchmark.Progress(log, "duckdb", key, cost);
            }

            return (costs, figures);
        }
    }

    private static DuckDBConnection Load(BenchWorkspace workspace, CardSql sql)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"SET threads TO {Environment.ProcessorCount}"));
            Execute(connection, CardSql.Schema);
            Append(connection, workspace);
            Execute(connection, sql.Configuration);
            Execute(connection, sql.Prepare);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Append(DuckDBConnection connection, BenchWorkspace workspace)
    {
        var data = workspace.Data;
        using (var appender = connection.CreateAppender("raw_accounts"))
        {
            for (var i = 0; i < data.CommerceCustomers.Count; i++)
            {
                var c = data.CommerceCustomers[i];
                appender.CreateRow().AppendValue(i).AppendValue(c.Platform.Key()).AppendValue(c.Id).AppendValue(c.Email).AppendValue(c.Phone)
                    .AppendValue(c.VatNumber).AppendValue(c.AccountReference).AppendValue(c.CompanyAccount).AppendValue(c.CustomerGroup)
                    .AppendValue(c.Tags.Count == 0 ? null : string.Join('|', c.Tags)).AppendValue(c.CreatedAt.ToUnixTimeSeconds())
                    .AppendValue(c.MergedIntoId).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("raw_orders"))
        {
            for (var i = 0; i < data.CommerceOrders.Count; i++)
            {
                var o = data.CommerceOrders[i];
                appender.CreateRow().AppendValue(i).AppendValue(o.Platform.Key()).AppendValue(o.Id).AppendValue(o.Number).AppendValue(o.CustomerId)
                    .AppendValue(o.PlacedAt.ToUnixTimeSeconds()).AppendValue((int)o.Status).AppendValue(o.Currency).AppendValue(o.Total)
                    .AppendValue(o.Tax).AppendValue(o.ShipToCountry).AppendValue(o.Tags.Count == 0 ? null : string.Join('|', o.Tags)).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("raw_erp_customers"))
        {
            for (var i = 0; i < data.ErpCustomers.Count; i++)
            {
                var c = data.ErpCustomers[i];
                appender.CreateRow().AppendValue(i).AppendValue(c.Entity).AppendValue(c.Id).AppendValue(c.Email).AppendValue(c.Phone)
                    .AppendValue(c.VatNumber).AppendValue(c.AccountReference).AppendValue(c.Status == ErpCustomerStatus.Active)
                    .AppendValue(c.IsHolding).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("raw_erp_orders"))
        {
            for (var i = 0; i < data.ErpSalesOrders.Count; i++)
            {
                var e = data.ErpSalesOrders[i];
                appender.CreateRow().AppendValue(i).AppendValue(e.Entity).AppendValue(e.Id).AppendValue(e.ExternalOrderReference)
                    .AppendValue((int)e.Status).AppendValue(e.Currency).AppendValue(e.NetAmount).AppendValue(e.CreatedAt.ToUnixTimeSeconds()).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("raw_documents"))
        {
            for (var i = 0; i < data.ErpDocuments.Count; i++)
            {
                var d = data.ErpDocuments[i];
                appender.CreateRow().AppendValue(i).AppendValue((int)d.DocumentKind).AppendValue(d.Entity).AppendValue(d.Id)
                    .AppendValue(d.ExternalOrderReference).AppendValue(d.PostedOn.DayNumber).AppendValue(d.CreatedAt.ToUnixTimeSeconds())
                    .AppendValue(d.Currency).AppendValue(d.NetAmount).AppendValue(d.ExchangeRate).AppendValue(d.DeferredAmount)
                    .AppendValue(d.CommerceSourced).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("raw_rates"))
        {
            foreach (var r in data.ExchangeRates)
            {
                appender.CreateRow().AppendValue(r.From).AppendValue(r.To).AppendValue((int)r.RateKind)
                    .AppendValue((r.EffectiveOn.Year * 12) + r.EffectiveOn.Month - 1).AppendValue(r.Rate).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("raw_locks"))
        {
            foreach (var l in data.PeriodLocks)
            {
                appender.CreateRow().AppendValue(l.Entity).AppendValue(l.PeriodStart.DayNumber).AppendValue(l.PeriodEnd.DayNumber)
                    .AppendValue(l.LockedAt.ToUnixTimeSeconds()).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("raw_sync"))
        {
            foreach (var s in data.SyncLog)
            {
                appender.CreateRow().AppendValue(s.Id).AppendValue((int)s.Object).AppendValue(s.ExternalReference)
                    .AppendValue(s.AttemptedAt.ToUnixTimeSeconds()).AppendValue((int)s.Outcome).AppendValue(s.Message).EndRow();
            }
        }
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static List<object?[]> Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>An integer DuckDB returned (sums of BIGINT are HUGEINT, read as BigInteger).</summary>
    internal static long Long(object? value) => value switch
    {
        null => 0,
        long l => l,
        int i => i,
        System.Numerics.BigInteger b => (long)b,
        Int128 h => (long)h,
        decimal d => decimal.ToInt64(d),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    internal static long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Long(command.ExecuteScalar());
    }

    /// <summary>The card SQL, with the workspace's constants (windows, as-of, field map) written in.</summary>
    private sealed class CardSql
    {
        private readonly string reporting;
        private readonly Currency reportingCurrency;
        private readonly string asOf;
        private readonly string customerStart, customerEnd, revenueStart, revenueEnd, windowEndsAt, tolerance, syncLag;
        private readonly string b2bTypes, dtcTypes;

        public CardSql(BenchWorkspace workspace)
        {
            var settings = workspace.Settings;
            if (settings.EntityRouting.CustomerOverrides.Count > 0 || settings.EntityRouting.ByTagValue.Count > 0)
            {
                throw new NotSupportedException("the benchmark SQL routes by ship-to country and entity tags only");
            }

            Settings = settings;
            reportingCurrency = settings.ReportingCurrency;
            reporting = Literal(reportingCurrency.Code);
            var calendar = WorkspaceCalendar.For(settings.TimeZone);
            if (calendar.StartOf(new DateOnly(2026, 1, 1)).Offset != TimeSpan.Zero)
            {
                throw new NotSupportedException("the benchmark SQL computes days in UTC");
            }

            var asOfDay = calendar.DayOf(workspace.AsOf);
            var customer = CardWindow.EndingOn(asOfDay, settings.Windows.CustomerCardDays);
            var revenue = CardWindow.EndingOn(asOfDay, settings.Windows.RevenueGapDays);
            asOf = Number(workspace.AsOf.ToUnixTimeSeconds());
            customerStart = Number(customer.Start.DayNumber);
            customerEnd = Number(customer.End.DayNumber);
            revenueStart = Number(revenue.Start.DayNumber);
            revenueEnd = Number(revenue.End.DayNumber);
            windowEndsAt = Number(calendar.EndOf(revenue.End).ToUnixTimeSeconds());
            tolerance = Number(settings.Tolerances.PeriodBoundaryHours * 3600L);
            syncLag = Number(settings.Tolerances.SyncLagMinutes * 60L);
            b2bTypes = string.Join(", ", settings.B2bMatchKeys.Select(k => Number((int)k)));
            dtcTypes = string.Join(", ", settings.DtcMatchKeys.Select(k => Number((int)k)));
        }

        private WorkspaceSettings Settings { get; }

        public const string Schema = """
            CREATE TABLE raw_accounts(slot INTEGER, platform VARCHAR, id VARCHAR, email VARCHAR, phone VARCHAR, vat VARCHAR, ref VARCHAR,
                company BOOLEAN, grp VARCHAR, tags VARCHAR, created_at BIGINT, merged_into VARCHAR);
            CREATE TABLE raw_orders(slot INTEGER, platform VARCHAR, id VARCHAR, number VARCHAR, customer_id VARCHAR, placed_at BIGINT,
                status INTEGER, currency VARCHAR, total DECIMAL(18,4), tax DECIMAL(18,4), ship_to VARCHAR, tags VARCHAR);
            CREATE TABLE raw_erp_customers(slot INTEGER, entity VARCHAR, id VARCHAR, email VARCHAR, phone VARCHAR, vat VARCHAR, ref VARCHAR,
                active BOOLEAN, holding BOOLEAN);
            CREATE TABLE raw_erp_orders(slot INTEGER, entity VARCHAR, id VARCHAR, ext_ref VARCHAR, status INTEGER, currency VARCHAR,
                net DECIMAL(18,4), created_at BIGINT);
            CREATE TABLE raw_documents(slot INTEGER, kind INTEGER, entity VARCHAR, id VARCHAR, ext_ref VARCHAR, posted_day INTEGER,
                created_at BIGINT, currency VARCHAR, net DECIMAL(18,4), rate DECIMAL(18,8), deferred DECIMAL(18,4), commerce_sourced BOOLEAN);
            CREATE TABLE raw_rates(from_cur VARCHAR, to_cur VARCHAR, kind INTEGER, month_idx INTEGER, rate DECIMAL(18,8));
            CREATE TABLE raw_locks(entity VARCHAR, start_day INTEGER, end_day INTEGER, locked_at BIGINT);
            CREATE TABLE raw_sync(id VARCHAR, object INTEGER, reference VARCHAR, attempted_at BIGINT, outcome INTEGER, message VARCHAR);
            """;

        /// <summary>The field map as tables: currencies with their minor digits, routing, holding customers.</summary>
        public string Configuration
        {
            get
            {
                var currencies = string.Join(", ", Currency.KnownCodes.Order(StringComparer.Ordinal).Select(code =>
                {
                    var c = Currency.Of(code);
                    var shift = reportingCurrency.MinorDigits - c.MinorDigits;
                    var scale = shift >= 0 ? Pow10(shift).ToString(CultureInfo.InvariantCulture) : "0." + new string('0', -shift - 1) + "1";
                    return $"({Literal(code)}, {Number(c.MinorFactor)}, {scale})";
                }));
                var routes = Settings.EntityRouting.ByShipToCountry.Count == 0
                    ? "SELECT NULL::VARCHAR AS country, NULL::VARCHAR AS entity WHERE false"
                    : "VALUES " + string.Join(", ", Settings.EntityRouting.ByShipToCountry.Select(p => $"({Literal(p.Key)}, {Literal(p.Value)})"));
                var holding = Settings.HoldingCustomers.Count == 0
                    ? "SELECT NULL::VARCHAR AS id WHERE false"
                    : "VALUES " + string.Join(", ", Settings.HoldingCustomers.Select(h => $"({Literal(h)})"));
                return $"""
                    CREATE TABLE currencies AS SELECT * FROM (VALUES {currencies}) t(code, factor, scale);
                    CREATE TABLE country_route AS SELECT * FROM ({routes}) t(country, entity);
                    CREATE TABLE holding_ids AS SELECT * FROM ({holding}) t(id);
                    """;
            }
        }

        /// <summary>The load's SQL half: normalised keys, buyers, routed orders, resolved references (what ReconciliationInputBuilder does).</summary>
        public string Prepare
        {
            get
            {
                var groups = ListLiteral(Settings.B2bRule.CustomerGroups.Select(g => g.ToLowerInvariant()));
                var tags = ListLiteral(Settings.B2bRule.Tags.Select(g => g.ToLowerInvariant()));
                var entities = ListLiteral(Settings.Entities);
                var prefix = Literal(Settings.EntityRouting.TagPrefix.ToLowerInvariant() + ":%");
                var skip = Number(Settings.EntityRouting.TagPrefix.Length + 2);
                var fallback = Settings.EntityRouting.DefaultEntity ?? (Settings.Entities.Count == 1 ? Settings.Entities[0] : null);
                var defaultEntity = fallback is null ? "NULL" : Literal(fallback);
                var company = Settings.B2bRule.CompanyAccount ? "company" : "false";
                return $"""
                    CREATE TABLE avg_rates AS SELECT from_cur AS currency, month_idx, last(rate ORDER BY rowid) AS rate
                        FROM (SELECT rowid, * FROM raw_rates) WHERE kind = 1 AND to_cur = {reporting} GROUP BY ALL;
                    CREATE TABLE acct AS
                    SELECT slot, platform, id, lower(trim(platform || ':' || id)) AS qref, lower(trim(id)) AS bref,
                        nullif(lower(trim(email)), '') AS email_n,
                        nullif(upper(regexp_replace(vat, '[\s.\-]', '', 'g')), '') AS vat_n,
                        nullif(trim(ref), '') AS ref_n, phone, created_at, merged_into IS NOT NULL AS merged,
                        ({company} OR lower(coalesce(grp, '')) IN (SELECT unnest({groups}))
                            OR len(list_intersect(string_split(lower(coalesce(tags, '')), '|'), {tags})) > 0) AS b2b
                    FROM raw_accounts;
                    CREATE TABLE acct_buyer AS
                    SELECT *, CASE WHEN email_n IS NULL THEN slot ELSE min(slot) OVER (PARTITION BY email_n) END AS buyer FROM acct;
                    CREATE TABLE buyer AS
                    SELECT buyer, bool_or(b2b) AS b2b, bool_or(vat_n IS NOT NULL) AS has_vat, min(created_at) AS created_at FROM acct_buyer GROUP BY buyer;
                    CREATE TABLE buyer_keys AS
                    SELECT DISTINCT buyer, ktype, kval FROM (
                        SELECT buyer, 1 AS ktype, vat_n AS kval FROM acct_buyer WHERE vat_n IS NOT NULL
                        UNION ALL SELECT buyer, 2, ref_n FROM acct_buyer WHERE ref_n IS NOT NULL
                        UNION ALL SELECT buyer, 3, email_n FROM acct_buyer WHERE email_n IS NOT NULL);
                    CREATE TABLE ord AS
                    WITH o AS (
                        SELECT r.*, DATE '1970-01-01' + CAST(r.placed_at // 86400 AS INTEGER) AS d,
                            list_filter(list_transform(list_filter(string_split(coalesce(r.tags, ''), '|'), lambda t: lower(t) LIKE {prefix}),
                                lambda t: trim(t[{skip}:])), lambda v: list_contains({entities}, v))[1] AS tag_entity
                        FROM raw_orders r)
                    SELECT o.slot, o.platform, o.id, o.placed_at, o.status, o.currency,
                        CAST(o.placed_at // 86400 AS INTEGER) + 719162 AS day, year(o.d) * 12 + month(o.d) - 1 AS month_idx,
                        CAST(round((o.total - o.tax) * c.factor) AS BIGINT) AS net_minor, c.scale,
                        a.slot AS account, a.buyer, a.merged,
                        CASE WHEN o.tag_entity IS NULL AND cr.entity IS NULL THEN {defaultEntity}
                             WHEN cr.entity IS NULL THEN o.tag_entity
                             WHEN o.tag_entity IS NULL THEN cr.entity
                             WHEN o.tag_entity = cr.entity THEN o.tag_entity
                             ELSE NULL END AS entity
                    FROM o JOIN currencies c ON c.code = o.currency
                    LEFT JOIN acct_buyer a ON a.platform = o.platform AND a.id = o.customer_id
                    LEFT JOIN country_route cr ON cr.country = o.ship_to;
                    CREATE TABLE ref_q AS SELECT platform || ':' || id AS ref, max(slot) AS ord FROM raw_orders GROUP BY ALL;
                    CREATE TABLE ref_b AS
                    SELECT ref, CASE WHEN count(DISTINCT ord) = 1 THEN min(ord) END AS ord FROM (
                        SELECT id AS ref, slot AS ord FROM raw_orders
                        UNION ALL SELECT number, slot FROM raw_orders WHERE number IS NOT NULL AND number <> id) GROUP BY ref;
                    CREATE TABLE eo AS
                    SELECT e.slot, e.entity, e.id, e.status, e.currency, CAST(round(e.net * c.factor) AS BIGINT) AS net_minor, e.created_at,
                        coalesce(q.ord, b.ord) AS ord
                    FROM raw_erp_orders e JOIN currencies c ON c.code = e.currency
                    LEFT JOIN ref_q q ON q.ref = trim(e.ext_ref) LEFT JOIN ref_b b ON b.ref = trim(e.ext_ref);
                    CREATE TABLE doc AS
                    SELECT d.slot, d.id, d.kind, d.entity, d.posted_day, d.created_at, d.currency, c.scale, d.rate,
                        CAST(round(d.net * c.factor) AS BIGINT) AS net_minor, CAST(round(d.deferred * c.factor) AS BIGINT) AS deferred_minor,
                        coalesce(q.ord, b.ord) AS ord
                    FROM raw_documents d JOIN currencies c ON c.code = d.currency
                    LEFT JOIN ref_q q ON q.ref = trim(d.ext_ref) LEFT JOIN ref_b b ON b.ref = trim(d.ext_ref)
                    WHERE d.commerce_sourced;
                    CREATE TABLE erp_keys AS
                    SELECT DISTINCT ktype, kval, entity FROM (
                        SELECT 1 AS ktype, nullif(upper(regexp_replace(vat, '[\s.\-]', '', 'g')), '') AS kval, entity, active, holding, id FROM raw_erp_customers
                        UNION ALL SELECT 2, nullif(trim(ref), ''), entity, active, holding, id FROM raw_erp_customers
                        UNION ALL SELECT 3, nullif(lower(trim(email)), ''), entity, active, holding, id FROM raw_erp_customers)
                    WHERE kval IS NOT NULL AND active AND NOT holding AND id NOT IN (SELECT id FROM holding_ids);
                    CREATE TABLE erp_phones AS
                    SELECT DISTINCT phone FROM raw_erp_customers WHERE phone IS NOT NULL AND NOT holding AND id NOT IN (SELECT id FROM holding_ids);
                    """;
            }
        }

        /// <summary>Per order: does its buyer lack an active, non-holding record (by its key precedence) in the entity it should post to.</summary>
        public string Presence => $"""
            CREATE OR REPLACE TABLE buyer_match AS
            SELECT DISTINCT bk.buyer, k.entity FROM buyer_keys bk JOIN buyer b ON b.buyer = bk.buyer
            JOIN erp_keys k ON k.ktype = bk.ktype AND k.kval = bk.kval
            WHERE (b.b2b AND bk.ktype IN ({b2bTypes})) OR (NOT b.b2b AND bk.ktype IN ({dtcTypes}));
            CREATE OR REPLACE TABLE order_absent AS
            SELECT o.slot, CASE WHEN o.buyer IS NULL THEN true WHEN o.entity IS NULL THEN ba.buyer IS NULL ELSE m.buyer IS NULL END AS absent
            FROM ord o LEFT JOIN buyer_match m ON m.buyer = o.buyer AND m.entity = o.entity
            LEFT JOIN (SELECT DISTINCT buyer FROM buyer_match) ba ON ba.buyer = o.buyer;
            """;

        private string AbsentInWindow(string statuses) => $"""
            SELECT o.* FROM ord o JOIN order_absent x ON x.slot = o.slot
            WHERE x.absent AND o.buyer IS NOT NULL AND o.day BETWEEN {customerStart} AND {customerEnd} AND o.placed_at <= {asOf} AND o.status IN ({statuses})
            """;

        private string ReportingMinor(string alias) =>
            $"CAST(round({alias}.net_minor * (CASE WHEN {alias}.currency = {reporting} THEN 1 ELSE r.rate END) * {alias}.scale) AS BIGINT)";

        public Dictionary<string, decimal> CustomersAbsent(DuckDBConnection connection)
        {
            var rows = Query(connection, $"""
                WITH pop AS (SELECT buyer, count(*) AS n FROM ({AbsentInWindow("1, 2, 3")}) GROUP BY buyer),
                suspected AS (SELECT DISTINCT buyer FROM acct_buyer WHERE phone IN (SELECT phone FROM erp_phones))
                SELECT CASE WHEN b.b2b THEN (CASE WHEN b.has_vat THEN 'new_b2b' ELSE 'b2b_vat_not_keyed' END)
                            WHEN s.buyer IS NOT NULL THEN 'returning_dtc_email_changed' ELSE 'new_dtc' END AS cohort, count(*), sum(p.n)
                FROM pop p JOIN buyer b ON b.buyer = p.buyer LEFT JOIN suspected s ON s.buyer = p.buyer GROUP BY cohort
                """);
            return Groups(rows, ["new_dtc", "returning_dtc_email_changed", "new_b2b", "b2b_vat_not_keyed"]);
        }

        public Dictionary<string, decimal> B2bSync(DuckDBConnection connection)
        {
            var rows = Query(connection, $"""
                WITH pop AS (
                    SELECT o.buyer, count(*) AS n, bool_or(coalesce(a.merged, false)) AS merged
                    FROM ({AbsentInWindow("1, 2")}) o JOIN buyer b ON b.buyer = o.buyer LEFT JOIN acct a ON a.slot = o.account
                    WHERE b.b2b GROUP BY o.buyer),
                refs AS (
                    SELECT DISTINCT ab.buyer, r.ref FROM acct_buyer ab JOIN pop p ON p.buyer = ab.buyer,
                        unnest([ab.qref, ab.bref, lower(ab.ref_n), ab.email_n]) AS r(ref) WHERE r.ref IS NOT NULL),
                attempts AS (SELECT lower(trim(reference)) AS ref, attempted_at, outcome FROM raw_sync WHERE object = 1 AND attempted_at <= {asOf}),
                latest AS (SELECT refs.buyer, arg_max(a.outcome, a.attempted_at) AS outcome FROM refs JOIN attempts a ON a.ref = refs.ref GROUP BY refs.buyer),
                last_run AS (SELECT max(attempted_at) AS t FROM raw_sync WHERE attempted_at <= {asOf})
                SELECT CASE WHEN p.merged THEN 'account_merged'
                            WHEN l.outcome = {(int)SyncOutcome.Failed} THEN 'sync_failed'
                            WHEN (lr.t IS NOT NULL AND b.created_at > lr.t) OR b.created_at >= {asOf} - {syncLag} THEN 'sync_lagging'
                            WHEN l.outcome IS NOT NULL THEN 'sync_failed'
                            ELSE 'never_synced' END AS cause, count(*), sum(p.n)
                FROM pop p JOIN buyer b ON b.buyer = p.buyer LEFT JOIN latest l ON l.buyer = p.buyer, last_run lr GROUP BY cause
                """);
            return Groups(rows, ["never_synced", "sync_failed", "sync_lagging", "account_merged"]);
        }

        public Dictionary<string, decimal> Blocked(DuckDBConnection connection)
        {
            var rows = Query(connection, $"""
                WITH pop AS (
                    SELECT o.buyer, count(*) AS n, sum({ReportingMinor("o")}) AS value
                    FROM ({AbsentInWindow("1, 2")}) o LEFT JOIN avg_rates r ON r.currency = o.currency AND r.month_idx = o.month_idx
                    GROUP BY o.buyer)
                SELECT CASE WHEN b.b2b THEN 'b2b' ELSE 'dtc' END AS type, count(*), sum(p.n), sum(p.value), max(p.value)
                FROM pop p JOIN buyer b ON b.buyer = p.buyer GROUP BY type
                """);
            var figures = Groups(rows, ["b2b", "dtc"]);
            figures["blocked_value"] = Money(rows.Sum(r => Long(r[3])));
            figures["largest_single_customer"] = Money(rows.Count == 0 ? 0 : rows.Max(r => Long(r[4])));
            return figures;
        }

        public Dictionary<string, decimal> RevenueGap(DuckDBConnection connection)
        {
            Execute(connection, $"""
                CREATE OR REPLACE TABLE gap_docs AS
                SELECT d.*, l.locked_at IS NOT NULL AS locked,
                    CASE WHEN d.kind = 1 THEN CAST(round((d.net_minor - d.deferred_minor) * d.rate * d.scale) AS BIGINT) ELSE 0 END AS booked,
                    CAST(round(d.net_minor * d.rate * d.scale) AS BIGINT) AS full_booked
                FROM doc d LEFT JOIN raw_locks l ON l.entity = d.entity AND d.posted_day BETWEEN l.start_day AND l.end_day
                WHERE d.posted_day BETWEEN {revenueStart} AND {revenueEnd} AND d.created_at <= {asOf} AND NOT coalesce(d.created_at > l.locked_at, false);
                CREATE OR REPLACE TABLE gap_orders AS
                WITH pop AS (
                    SELECT o.*, x.absent, {ReportingMinor("o")} AS commerce
                    FROM ord o JOIN order_absent x ON x.slot = o.slot LEFT JOIN avg_rates r ON r.currency = o.currency AND r.month_idx = o.month_idx
                    WHERE o.day BETWEEN {revenueStart} AND {revenueEnd} AND o.status <> 4 AND o.placed_at <= {asOf}),
                prim AS (
                    SELECT ord, arg_min(slot, (status = 5, created_at, id, entity, slot)) AS erp
                    FROM eo WHERE ord IS NOT NULL AND created_at <= {asOf} GROUP BY ord),
                inv_any AS (SELECT DISTINCT ord FROM doc WHERE ord IS NOT NULL AND kind = 1 AND created_at <= {asOf}),
                inv AS (
                    SELECT g.ord, count(*) AS n, sum(g.booked) AS booked, sum(g.full_booked) AS full_booked,
                        sum(CAST(round(g.net_minor * (CASE WHEN g.currency = {reporting} THEN 1 ELSE r.rate END) * g.scale) AS BIGINT)) AS at_avg,
                        sum(g.net_minor) AS net, min(g.currency) AS cur, count(DISTINCT g.currency) > 1 AS mixed
                    FROM gap_docs g JOIN pop p ON p.slot = g.ord LEFT JOIN avg_rates r ON r.currency = g.currency AND r.month_idx = p.month_idx
                    WHERE g.kind = 1 GROUP BY g.ord),
                joined AS (
                    SELECT p.slot, p.commerce, p.status, p.entity, p.placed_at, p.absent, p.month_idx,
                        coalesce(i.n, 0) AS n, coalesce(i.booked, 0) AS booked, coalesce(i.full_booked, 0) AS full_booked,
                        coalesce(i.at_avg, 0) AS at_avg, coalesce(i.net, 0) AS inv_net, i.cur, coalesce(i.mixed, false) AS mixed,
                        e.slot AS erp, e.entity AS erp_entity, e.status AS erp_status, e.created_at AS erp_created, e.currency AS erp_currency,
                        e.net_minor AS erp_net, ia.ord IS NOT NULL AS any_invoice, c.scale AS inv_scale, ri.rate AS inv_rate
                    FROM pop p LEFT JOIN inv i ON i.ord = p.slot LEFT JOIN prim ON prim.ord = p.slot LEFT JOIN eo e ON e.slot = prim.erp
                    LEFT JOIN inv_any ia ON ia.ord = p.slot LEFT JOIN currencies c ON c.code = i.cur
                    LEFT JOIN avg_rates ri ON ri.currency = i.cur AND ri.month_idx = p.month_idx)
                SELECT *,
                    CASE WHEN status = 3 OR erp_status = 5 THEN 2
                         WHEN erp IS NOT NULL AND entity IS NOT NULL AND erp_entity <> entity THEN 8
                         WHEN erp IS NULL AND NOT any_invoice AND absent THEN 4
                         WHEN placed_at >= {windowEndsAt} - {tolerance} AND n = 0 AND (erp IS NULL OR erp_created >= {windowEndsAt}) THEN 5
                         WHEN erp IS NOT NULL AND n = 0 THEN 1
                         ELSE 0 END AS reason,
                    CASE WHEN erp IS NULL OR mixed OR erp_status = 4 OR erp_currency IS DISTINCT FROM cur OR erp_net - inv_net <= 0 THEN 0
                         WHEN cur = {reporting} THEN CAST(round((erp_net - inv_net) * inv_scale) AS BIGINT)
                         WHEN inv_rate IS NULL THEN 0
                         ELSE CAST(round((erp_net - inv_net) * inv_rate * inv_scale) AS BIGINT) END AS pending
                FROM joined;
                CREATE OR REPLACE TABLE gap_lines AS
                SELECT slot AS ord, NULL::INTEGER AS doc, reason, commerce - booked AS amount FROM gap_orders WHERE reason <> 0
                UNION ALL SELECT slot, NULL, 7, full_booked - booked FROM gap_orders WHERE reason = 0 AND full_booked - booked <> 0
                UNION ALL SELECT slot, NULL, 1, pending FROM gap_orders WHERE reason = 0 AND pending <> 0
                UNION ALL SELECT slot, NULL, 6, at_avg - full_booked FROM gap_orders WHERE reason = 0 AND at_avg - full_booked <> 0
                UNION ALL SELECT slot, NULL, 9, commerce - at_avg - pending FROM gap_orders WHERE reason = 0 AND commerce - at_avg - pending <> 0
                UNION ALL SELECT g.ord, g.slot, 3, g.full_booked FROM gap_docs g WHERE g.kind = 2
                UNION ALL SELECT g.ord, g.slot, CASE WHEN g.ord IS NOT NULL AND o.day < {revenueStart} THEN 5 ELSE 9 END, -g.booked
                    FROM gap_docs g LEFT JOIN ord o ON o.slot = g.ord
                    WHERE g.kind = 1 AND NOT coalesce(o.day BETWEEN {revenueStart} AND {revenueEnd} AND o.status <> 4 AND o.placed_at <= {asOf}, false);
                """);
            var figures = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var reason in GapReasons.All)
            {
                figures["reason." + reason.Key()] = 0m;
                figures["lines." + reason.Key()] = 0m;
            }

            foreach (var row in Query(connection, "SELECT reason, sum(amount), count(*) FROM gap_lines GROUP BY reason"))
            {
                var key = ((GapReason)(int)Long(row[0])).Key();
                figures["reason." + key] = Money(Long(row[1]));
                figures["lines." + key] = Long(row[2]);
            }

            var totals = Query(connection, """
                SELECT (SELECT coalesce(sum(commerce), 0) FROM gap_orders),
                       (SELECT coalesce(sum(CASE WHEN kind = 1 THEN booked ELSE -full_booked END), 0) FROM gap_docs)
                """)[0];
            figures["commerce_revenue"] = Money(Long(totals[0]));
            figures["gl_booked_revenue"] = Money(Long(totals[1]));
            figures["headline"] = Money(Long(totals[0]) - Long(totals[1]));
            return figures;
        }

        /// <summary>Card 4.5: the drill rows themselves, largest first, with order and document ids, read into memory.</summary>
        public Dictionary<string, decimal> Breakdown(DuckDBConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT o.platform || ':' || o.id AS commerce_order, d.id AS document, l.reason, l.amount
                FROM gap_lines l LEFT JOIN ord o ON o.slot = l.ord LEFT JOIN doc d ON d.slot = l.doc
                ORDER BY l.amount DESC
                """;
            using var reader = command.ExecuteReader();
            var rows = new List<(string? Order, string? Document, int Reason, long Amount)>();
            while (reader.Read())
            {
                rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetInt32(2), reader.GetInt64(3)));
            }

            return new Dictionary<string, decimal>(StringComparer.Ordinal)
            {
                ["rows"] = rows.Count,
                ["rows_sum"] = Money(rows.Sum(r => r.Amount)),
                ["largest_row"] = rows.Count == 0 ? 0m : Money(rows[0].Amount),
            };
        }

        /// <summary>Rows of (group key, count, orders): every group of the card, zero when absent, plus the headline.</summary>
        private static Dictionary<string, decimal> Groups(List<object?[]> rows, string[] keys)
        {
            var figures = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                figures["group." + key] = 0m;
                figures["orders." + key] = 0m;
            }

            foreach (var row in rows)
            {
                var key = (string)row[0]!;
                figures["group." + key] = Long(row[1]);
                figures["orders." + key] = Long(row[2]);
            }

            figures["headline"] = rows.Sum(r => Long(r[1]));
            return figures;
        }

        private decimal Money(long minor) => reportingCurrency.FromMinorUnits(minor);

        private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

        private static string ListLiteral(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Literal)) + "]::VARCHAR[]";

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static long Pow10(int power)
        {
            var result = 1L;
            for (var i = 0; i < power; i++)
            {
                result *= 10;
            }

            return result;
        }
    }
}
