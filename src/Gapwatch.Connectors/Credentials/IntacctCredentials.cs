using Microsoft.AspNetCore.DataProtection;
using System.Text.Json;
using Gapwatch.Connectors.SageIntacct;

namespace Gapwatch.Connectors.Credentials;

/// <summary>The non-secret part of a Sage Intacct connection, stored in clear beside the encrypted passwords.</summary>
public sealed record StoredIntacct(
    string SenderId,
    string CompanyId,
    string UserId,
    string? EntityId,
    string TimeZone,
    IReadOnlyDictionary<string, string> Fields,
    string SalesOrder,
    string SalesInvoice,
    string CreditMemo,
    string AverageRateType,
    string? SyncLogObject,
    IReadOnlyList<string>? EntitySessions = null);

/// <summary>Sage Intacct connections in the workspace's connection store: both passwords encrypted together.</summary>
public sealed partial class ConnectionStore
{
    public const string SageIntacctPlatform = "sage_intacct";

    /// <summary>Adds or replaces the Intacct connection of this name: gateway, ids, entity and field map in clear, the sender and user passwords encrypted.</summary>
    public StoredConnection SaveSageIntacct(string name, IntacctConnection connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(connection);
        var secret = JsonSerializer.Serialize(new Secrets(connection.SenderPassword, connection.UserPassword));
        var types = connection.DocumentTypes;
        return Save(new StoredConnection(name, SageIntacctPlatform, connection.Address.ToString(), "3.0", protector.Protect(secret))
        {
            Intacct = new StoredIntacct(
                connection.SenderId, connection.CompanyId, connection.UserId, connection.EntityId, connection.TimeZone.Id,
                connection.Fields.Entries().ToDictionary(e => e.Key, e => e.Field, StringComparer.Ordinal),
                types.SalesOrder, types.SalesInvoice, types.CreditMemo, connection.AverageRateType, connection.SyncLogObject,
                connection.EntitySessions.Count == 0 ? null : connection.EntitySessions),
        });
    }

    /// <summary>The connection with its passwords decrypted.</summary>
    public IntacctConnection OpenSageIntacct(StoredConnection stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var intacct = stored.Intacct ?? throw new CredentialException($"the connection '{stored.Name}' has no Intacct settings; run 'gapwatch connect sage_intacct' again");
        Secrets secrets;
        try
        {
            secrets = JsonSerializer.Deserialize<Secrets>(Reveal(stored)) ?? throw new JsonException("empty");
        }
        catch (JsonException)
        {
            throw new CredentialException($"the stored credentials of '{stored.Name}' are unreadable; run 'gapwatch connect sage_intacct' again");
        }

        var fields = IntacctFieldMap.Keys.Aggregate(new IntacctFieldMap(), (map, key) => map.With(key, intacct.Fields.TryGetValue(key, out var f) ? f : null));
        return new IntacctConnection(intacct.SenderId, secrets.Sender, intacct.CompanyId, intacct.UserId, secrets.User, intacct.EntityId, new Uri(stored.Address))
        {
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById(intacct.TimeZone),
            Fields = fields,
            DocumentTypes = new IntacctDocumentTypes { SalesOrder = intacct.SalesOrder, SalesInvoice = intacct.SalesInvoice, CreditMemo = intacct.CreditMemo },
            AverageRateType = intacct.AverageRateType,
            SyncLogObject = intacct.SyncLogObject,
            EntitySessions = intacct.EntitySessions ?? [],
        };
    }

    private sealed record Secrets(string Sender, string User);
}
