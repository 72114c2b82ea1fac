namespace Gapwatch.Connectors.Shopify;

/// <summary>
/// The bulk-operation versions of the stream queries (same fields, <c>edges { node }</c>, no
/// paging), run with <c>groupObjects: true</c> so every child line follows its parent. Nested
/// connections (a company's locations, a refund's lines) come back as their own lines with
/// <c>__parentId</c>; <see cref="ShopifyBulkStream"/> puts them back where the paged query has them.
/// </summary>
internal static class ShopifyBulkQueries
{
    private const string Money = "shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }";

    public const string Start = """
        mutation GapwatchBulk($query: String!) {
          bulkOperationRunQuery(query: $query, groupObjects: true) {
            bulkOperation { id status }
            userErrors { message code }
          }
        }
        """;

    public const string Poll = """
        query GapwatchBulkStatus($id: ID!) {
          node(id: $id) { ... on BulkOperation { id status errorCode objectCount url } }
        }
        """;

    public static string Customers(string search, ShopifyCustomerMetafields metafields) => $$"""
        { customers(query: "{{search}}") { edges { node {
            id legacyResourceId email phone firstName lastName displayName tags createdAt updatedAt taxExempt
            defaultAddress { company zip countryCodeV2 }
            {{metafields.Selection}}
        } } } }
        """;

    public static string Companies(string search) => $$"""
        { companies(query: "{{search}}") { edges { node {
            id name externalId createdAt updatedAt
            mainContact { customer { email phone } }
            locations { edges { node {
                id externalId taxRegistrationId
                taxSettings { taxRegistrationId taxExempt }
                billingAddress { zip countryCode }
            } } }
        } } } }
        """;

    public static string Orders(string search) => $$"""
        { orders(query: "{{search}}") { edges { node {
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
                refundLineItems { edges { node { id totalTaxSet { {{Money}} } } } }
            }
        } } } }
        """;
}
