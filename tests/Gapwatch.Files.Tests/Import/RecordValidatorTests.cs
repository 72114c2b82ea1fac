using Gapwatch.Files.Import;
using Gapwatch.Model;

namespace Gapwatch.Files.Tests.Import;

public sealed class RecordValidatorTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 10, 14, 3, 0, TimeSpan.Zero);

    private static CommerceOrder Order(string currency = "USD", decimal total = 108.25m, string id = "1001") =>
        new(Platform.Shopify, id, "#1001", "501", At, CommerceOrderStatus.Open, currency, 90m, 0m, 10m, 8.25m, false, total, "US", [], At);

    [Fact]
    public void Validate_ValidOrder_HasNoErrors() => Assert.Empty(RecordValidator.Validate(Order(), "shopify orders"));

    [Fact]
    public void Validate_UnsupportedCurrency_IsRefusedLikeTheImport()
    {
        var error = Assert.Single(RecordValidator.Validate(Order(currency: "XXX"), "shopify orders"));
        Assert.Equal("currency", error.Column);
        Assert.Contains("'XXX' is not a supported ISO 4217 currency code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeTotalAndEmptyId_ListsBoth()
    {
        var errors = RecordValidator.Validate(Order(total: -1m, id: " "), "shopify orders");
        Assert.Equal(["id", "total"], errors.Select(e => e.Column).Order(StringComparer.Ordinal));
    }
}
