using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.AdobeCommerce;

/// <summary>
/// The Adobe Commerce (Magento 2) connector: four streams over the admin REST API with an
/// integration token — <c>customers</c> (taxvat, group), <c>companies</c> (B2B, with VAT/tax ids),
/// <c>orders</c> (base currency) and <c>creditmemos</c> (as refunds). Get it from DI after
/// <see cref="AdobeCommerceConnectorServices.AddAdobeCommerceConnector"/>.
/// </summary>
public sealed class AdobeCommerceConnector(IHttpClientFactory httpClients, ConnectorMetrics metrics)
{
    public const string HttpClientName = "adobe_commerce";

    public IReadOnlyList<IStreamSource> Streams(AdobeCommerceConnection connection, bool includeCompanies = true)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = new AdobeCommerceClient(httpClients.CreateClient(HttpClientName), connection, metrics);
        var customers = new AdobeCommerceStream("customers", "V1/customers/search", "id", incremental: true, AdobeCommerceItems.Customer(connection.AccountReferenceAttribute), client);
        var companies = new AdobeCommerceStream("companies", "V1/company/", "id", incremental: false, AdobeCommerceItems.Company, client);
        var orders = new AdobeCommerceStream("orders", "V1/orders", "entity_id", incremental: true, AdobeCommerceItems.Order, client);
        var creditMemos = new AdobeCommerceStream("creditmemos", "V1/creditmemos", "entity_id", incremental: true, AdobeCommerceItems.CreditMemo, client);
        return includeCompanies ? [customers, companies, orders, creditMemos] : [customers, orders, creditMemos];
    }
}

public static class AdobeCommerceConnectorServices
{
    /// <summary>Registers the shared connector resilience (once) and the Adobe Commerce client and connector.</summary>
    public static IServiceCollection AddAdobeCommerceConnector(this IServiceCollection services, ConnectorHttpOptions? options = null)
    {
        services.AddConnectorResilience(options ?? new ConnectorHttpOptions());
        services.AddConnectorHttpClient(AdobeCommerceConnector.HttpClientName);
        services.AddSingleton<AdobeCommerceConnector>();
        return services;
    }
}
