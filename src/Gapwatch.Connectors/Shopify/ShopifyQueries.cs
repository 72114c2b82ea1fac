namespace Gapwatch.Connectors.Shopify;

/// <summary>
/// The GraphQL documents the connector sends, one per stream. Every one pages with
/// <c>first/after</c>, filters on <c>updated_at</c> (inclusive both ends) and sorts by
/// <c>UPDATED_AT</c>, so the last node of a page is the stream's cursor.
/// </summary>
internal static class ShopifyQueries
{
    private const string Money = "shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }";

    /// <summary>Customers with the shop's metafields for the ERP account number and the VAT number.</summary>
    public static string Customers(ShopifyCustomerMetafields metafields) => $$"""
        query GapwatchCustomers($first: Int!, $after: String, $query: String) {
          customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id legacyResourceId email phone firstName lastName displayName tags createdAt updatedAt taxExempt
              defaultAddress { company zip countryCodeV2 }
              {{metafields.Selection}}
            }
          }
        }
        """;

    public const string Companies = """
        query GapwatchCompanies($first: Int!, $after: String, $query: String) {
          companies(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id name externalId createdAt updatedAt
              mainContact { customer { email phone } }
              locations(first: 10) {
                nodes {
                  id externalId taxRegistrationId
                  taxSettings { taxRegistrationId taxExempt }
                  billingAddress { zip countryCode }
                }
              }
            }
          }
        }
        """;

    public const string Orders = $$"""
        query GapwatchOrders($first: Int!, $after: String, $query: String) {
          orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id legacyResourceId name createdAt processedAt updatedAt cancelledAt cancelReason
              displayFinancialStatus displayFulfillmentStatus currencyCode presentmentCurrencyCode taxesIncluded tags
              customer { id }
              purchasingEntity { __typename ... on PurchasingCompany { company { id } location { id } } ... on Customer { id } }
              shippingAddress { countryCodeV2 }
              subtotalPriceSet { {{Money}} }
              totalDiscountsSet { {{Money}} }
              totalShippingPriceSet { {{Money}} }
              totalTaxSet { {{Money}} }
              totalPriceSet { {{Money}} }
              refunds {
                id legacyResourceId createdAt updatedAt
                totalRefundedSet { {{Money}} }
                refundLineItems(first: 100) { nodes { totalTaxSet { {{Money}} } } }
              }
            }
          }
        }
        """;
}
