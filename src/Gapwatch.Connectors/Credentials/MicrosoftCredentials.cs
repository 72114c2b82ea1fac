using Microsoft.AspNetCore.DataProtection;
using Gapwatch.Connectors.Dataverse;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Connectors.Entra;

namespace Gapwatch.Connectors.Credentials;

/// <summary>
/// What a Microsoft connection keeps in clear beside its encrypted client secret: the authority,
/// tenant and client id of the app registration, and the F&amp;O settings the connector needs
/// (holding customer groups, the dimension delimiter; on a Dataverse connection the F&amp;O
/// environment promotions are confirmed in).
/// </summary>
public sealed record StoredEntraApplication(string Authority, string Tenant, string ClientId)
{
    public string? FinanceOperationsEnvironment { get; init; }

    public IReadOnlyList<string>? HoldingCustomerGroups { get; init; }

    public string? DimensionDelimiter { get; init; }

    /// <summary>
    /// The own-contract integration log's entity set; none when empty (what connections store now
    /// unless one is named). Null only in connections stored before the field was written, which
    /// read <see cref="DynamicsFoConnection.DefaultIntegrationLogEntitySet"/> and keep doing so.
    /// </summary>
    public string? IntegrationLogEntitySet { get; init; }

    /// <summary>The DMF log entities as <c>Name=customer|order</c>; the connector's defaults when null (every connection stored before them), none when empty.</summary>
    public IReadOnlyList<string>? ExecutionErrorEntities { get; init; }

    /// <summary>The regular expression that finds the commerce reference in a DMF error message; RecordId when null.</summary>
    public string? ExecutionErrorReferencePattern { get; init; }

    /// <summary>Dataverse: the column holding the account reference on accounts and contacts; none when null.</summary>
    public string? AccountReferenceColumn { get; init; }

    /// <summary>Dataverse: the <c>$filter</c> that keeps customer contacts; the connector's default when null, every contact when empty.</summary>
    public string? CustomerContactFilter { get; init; }
}

/// <summary>Finance &amp; Operations and Dataverse connections in the workspace's connection store (the client secret encrypted).</summary>
public sealed partial class ConnectionStore
{
    public const string DynamicsFoPlatform = "dynamics_fo";
    public const string DataversePlatform = "dataverse";

    public StoredConnection SaveDynamicsFo(string name, DynamicsFoConnection connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(connection);
        var credentials = connection.Credentials;
        return Save(new StoredConnection(name, DynamicsFoPlatform, connection.Environment.ToString(), "data", protector.Protect(credentials.ClientSecret))
        {
            Entra = new StoredEntraApplication(credentials.Authority.ToString(), credentials.Tenant, credentials.ClientId)
            {
                HoldingCustomerGroups = connection.HoldingCustomerGroups.Count > 0 ? connection.HoldingCustomerGroups : null,
                DimensionDelimiter = connection.DimensionDelimiter == '-' ? null : connection.DimensionDelimiter.ToString(),
                IntegrationLogEntitySet = connection.IntegrationLogEntitySet ?? "",
                ExecutionErrorEntities = connection.ExecutionErrorEntities.SequenceEqual(DmfLogEntity.Defaults) ? null : [.. connection.ExecutionErrorEntities.Select(e => e.ToString())],
                ExecutionErrorReferencePattern = connection.ExecutionErrorReferencePattern,
            },
        });
    }

    public DynamicsFoConnection OpenDynamicsFo(StoredConnection stored)
    {
        var entra = Application(stored);
        var environment = new Uri(stored.Address);
        return FinanceOperations(environment, entra, Reveal(stored));
    }

    public StoredConnection SaveDataverse(string name, DataverseConnection connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(connection);
        var credentials = connection.Credentials;
        return Save(new StoredConnection(name, DataversePlatform, connection.Organization.ToString(), "v9.2", protector.Protect(credentials.ClientSecret))
        {
            Entra = new StoredEntraApplication(credentials.Authority.ToString(), credentials.Tenant, credentials.ClientId)
            {
                FinanceOperationsEnvironment = connection.FinanceOperations?.Environment.ToString(),
                HoldingCustomerGroups = connection.FinanceOperations?.HoldingCustomerGroups is { Count: > 0 } groups ? groups : null,
                AccountReferenceColumn = connection.AccountReferenceColumn,
                CustomerContactFilter = connection.CustomerContactFilter == DataverseConnection.DefaultCustomerContactFilter ? null : connection.CustomerContactFilter ?? "",
            },
        });
    }

    public DataverseConnection OpenDataverse(StoredConnection stored)
    {
        var entra = Application(stored);
        var organization = new Uri(stored.Address);
        var secret = Reveal(stored);
        try
        {
            return new DataverseConnection(organization, new EntraCredentials(new Uri(entra.Authority), entra.Tenant, entra.ClientId, secret, DataverseConnection.ScopeOf(organization)))
            {
                FinanceOperations = entra.FinanceOperationsEnvironment is { } fo ? FinanceOperations(new Uri(fo), entra, secret) : null,
                AccountReferenceColumn = entra.AccountReferenceColumn,
                CustomerContactFilter = entra.CustomerContactFilter switch
                {
                    null => DataverseConnection.DefaultCustomerContactFilter,
                    "" => null,
                    var filter => filter,
                },
            };
        }
        catch (ArgumentException e)
        {
            throw new CredentialException($"the stored Dataverse settings are not readable ({e.Message}); run 'gapwatch connect dataverse' again");
        }
    }

    private static DynamicsFoConnection FinanceOperations(Uri environment, StoredEntraApplication entra, string secret) =>
        new(environment, new EntraCredentials(new Uri(entra.Authority), entra.Tenant, entra.ClientId, secret, DynamicsFoConnection.ScopeOf(environment)))
        {
            HoldingCustomerGroups = entra.HoldingCustomerGroups ?? [],
            DimensionDelimiter = entra.DimensionDelimiter is [var delimiter] ? delimiter : '-',
            IntegrationLogEntitySet = entra.IntegrationLogEntitySet switch
            {
                null => DynamicsFoConnection.DefaultIntegrationLogEntitySet,
                "" => null,
                var set => set,
            },
            ExecutionErrorEntities = ExecutionErrorEntities(entra),
            ExecutionErrorReferencePattern = ReferencePattern(entra),
        };

    /// <summary>The stored DMF reference pattern, checked here so a hand edit asks for a new connect instead of failing the sync.</summary>
    private static string? ReferencePattern(StoredEntraApplication entra)
    {
        if (entra.ExecutionErrorReferencePattern is not { } pattern)
        {
            return null;
        }

        try
        {
            _ = DmfExecutionErrors.Reference(pattern);
            return pattern;
        }
        catch (ArgumentException e)
        {
            throw new CredentialException($"the stored DMF reference pattern is not readable ({e.Message}); run 'gapwatch connect dynamics_fo' again");
        }
    }

    /// <summary>The stored DMF entities; a stored value <see cref="DmfLogEntity.Parse"/> refuses (a hand edit) asks for a new connect.</summary>
    private static IReadOnlyList<DmfLogEntity> ExecutionErrorEntities(StoredEntraApplication entra)
    {
        try
        {
            return entra.ExecutionErrorEntities is { } entities ? [.. entities.Select(DmfLogEntity.Parse)] : DmfLogEntity.Defaults;
        }
        catch (ArgumentException e)
        {
            throw new CredentialException($"the stored DMF log entities are not readable ({e.Message}); run 'gapwatch connect dynamics_fo' again");
        }
    }

    private static StoredEntraApplication Application(StoredConnection stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Entra ?? throw new CredentialException($"the connection '{stored.Name}' has no app registration (tenant, client id); run 'gapwatch connect {stored.Platform}' again");
    }
}
