using System.CommandLine;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.SageIntacct;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch connect sage_intacct --sender-id … --company-id … --user-id … [--entity …]</c>:
/// stores a Sage Intacct connection with the Web Services sender password and the user password
/// encrypted in the workspace. Both passwords come from environment variables or hidden prompts,
/// never from the command line.
/// </summary>
internal static class ConnectSageIntacct
{
    public const string DefaultSenderPasswordVariable = "GAPWATCH_INTACCT_SENDER_PASSWORD";
    public const string DefaultUserPasswordVariable = "GAPWATCH_INTACCT_USER_PASSWORD";

    public static Command Create(CliContext context)
    {
        var senderId = new Option<string>("--sender-id") { Description = "The Web Services sender id (authorised in Company > Setup > Company > Security > Web Services authorizations)", Required = true };
        var companyId = new Option<string>("--company-id") { Description = "The Intacct company id", Required = true };
        var userId = new Option<string>("--user-id") { Description = "The dedicated Web Services user (read-only permissions)", Required = true };
        var entity = new Option<string?>("--entity") { Description = "Multi-entity: scope the session to this entity id (else the top level, every entity)" };
        var perEntity = new Option<string[]>("--per-entity")
        {
            Description = "Multi-entity, at the top level: read GL detail and reporting periods once per entity listed (US100,CA200), each in a session scoped to it; "
                + "GLDETAIL has no entity field, so only the session says whose a line is",
            AllowMultipleArgumentsPerToken = true,
        };
        var address = new Option<string?>("--address") { Description = "A loopback gateway address instead of api.intacct.com (the local Intacct simulator)" };
        var name = ConnectOptions.Name("sage_intacct");
        var timeZone = new Option<string>("--time-zone") { Description = "The time zone Intacct writes WHENMODIFIED in (IANA id)", DefaultValueFactory = _ => "UTC" };
        var fields = new Option<string[]>("--field")
        {
            Description = $"A custom field to read, as key=FIELD (keys: {string.Join(", ", IntacctFieldMap.Keys)}); key= clears a default. "
                + $"rate_parent is EXCHANGERATEENTRY's link to its EXCHANGERATE (default {IntacctFieldMap.DefaultRateParent}, unconfirmed: verify with <lookup><object>EXCHANGERATEENTRY</object></lookup>)",
            AllowMultipleArgumentsPerToken = true,
        };
        var syncLog = new Option<string?>("--sync-log-object") { Description = "The custom object the commerce integration logs to ('none' when there is none)", DefaultValueFactory = _ => "GW_SYNC_LOG" };
        var senderVariable = ConnectOptions.SecretVariable("--sender-password-env", "the sender password", DefaultSenderPasswordVariable);
        var userVariable = ConnectOptions.SecretVariable("--user-password-env", "the user password", DefaultUserPasswordVariable);
        var workspace = CommonOptions.Workspace();
        var command = new Command("sage_intacct", "Connect a Sage Intacct company over the XML gateway (Web Services sender + a read-only Web Services user)")
        {
            senderId, companyId, userId, entity, perEntity, address, name, timeZone, fields, syncLog, senderVariable, userVariable, workspace,
        };
        command.SetAction(parse =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var senderPassword = ConnectOptions.Secret(parse, senderVariable, context, "Intacct Web Services sender password:");
            var userPassword = ConnectOptions.Secret(parse, userVariable, context, "Intacct Web Services user password:");
            IntacctConnection connection;
            try
            {
                var gateway = ConnectOptions.LoopbackAddress(parse, address);

                var map = new IntacctFieldMap();
                foreach (var field in parse.GetValue(fields) ?? [])
                {
                    var parts = field.Split('=', 2);
                    if (parts.Length != 2)
                    {
                        throw new ArgumentException($"--field '{field}' is not key=FIELD");
                    }

                    map = map.With(parts[0].Trim(), parts[1]);
                }

                string[] entities = [.. (parse.GetValue(perEntity) ?? []).SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Distinct(StringComparer.Ordinal)];
                if (entities.Length > 0 && !string.IsNullOrWhiteSpace(parse.GetValue(entity)))
                {
                    throw new ArgumentException("--per-entity is for a top-level connection; --entity already scopes every read to one entity");
                }

                var log = parse.GetValue(syncLog);
                connection = new IntacctConnection(
                    parse.GetValue(senderId)!, senderPassword, parse.GetValue(companyId)!, parse.GetValue(userId)!, userPassword, parse.GetValue(entity), gateway)
                {
                    TimeZone = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(timeZone)!),
                    Fields = map,
                    EntitySessions = entities,
                    SyncLogObject = string.IsNullOrWhiteSpace(log) || log.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : log.Trim().ToUpperInvariant(),
                };
            }
            catch (Exception e) when (e is ArgumentException or UriFormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new CliException(ExitCodes.Usage, e.Message);
            }

            var stored = ConnectionStore.Open(ws.Directory).SaveSageIntacct(parse.GetValue(name)!, connection);
            context.Console.MarkupLineInterpolated(
                $"Connected [bold]{stored.Name}[/]: {connection}. The sender and user passwords are stored encrypted in .gapwatch/connections.json (keys in .gapwatch/keys).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
