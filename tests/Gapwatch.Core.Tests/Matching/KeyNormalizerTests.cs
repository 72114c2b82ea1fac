using Gapwatch.Matching;

namespace Gapwatch.Core.Tests.Matching;

public sealed class KeyNormalizerTests
{
    [Theory]
    [InlineData("  Jane.Doe@Example.COM ", "jane.doe@example.com")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Email_IsLowerCasedAndTrimmed(string? value, string? expected) => Assert.Equal(expected, KeyNormalizer.Email(value));

    [Theory]
    [InlineData("gb 123.456-789", "GB123456789")]
    [InlineData("DE 123 456 789", "DE123456789")]
    [InlineData(" .- ", null)]
    public void VatNumber_KeepsCountryPrefixDropsSeparators(string value, string? expected) => Assert.Equal(expected, KeyNormalizer.VatNumber(value));

    [Fact]
    public void AccountReference_IsTrimmedCaseKept() => Assert.Equal("Cust-001", KeyNormalizer.AccountReference("  Cust-001 "));

    [Theory]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("+44 (0)20 7946 0958", null, "+442079460958")]
    [InlineData("0044 20 7946 0958", null, "+442079460958")]
    [InlineData("020 7946 0958", null, null)]
    public void Phone_IsE164(string value, string? country, string? expected) => Assert.Equal(expected, KeyNormalizer.Phone(value, country));

    [Theory]
    [InlineData("ACME Ltd.", "acme limited")]
    [InlineData("Acme Limited", "acme limited")]
    [InlineData("Müller GmbH", "muller gmbh")]
    public void CompanyName_FoldsLegalForms(string value, string expected) => Assert.Equal(expected, KeyNormalizer.CompanyName(value));

    [Fact]
    public void PersonName_DropsHonorificsAndPunctuation() => Assert.Equal("sean oneill", KeyNormalizer.PersonName("Mr. Seán O'Neill"));

    [Fact]
    public void Postcode_UpperCasedWithoutSpaces() => Assert.Equal("SW1A1AA", KeyNormalizer.Postcode(" sw1a 1aa "));
}
