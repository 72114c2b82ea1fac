using Gapwatch.Matching;

namespace Gapwatch.Core.Tests.Matching;

public sealed class SecondaryKeyMatchingTests
{
    [Theory]
    [InlineData(0.93, "name 0.93")]
    [InlineData(0.9399, "name 0.93")]
    [InlineData(0.9999, "name 0.99")]
    [InlineData(1.0, "name exact")]
    [InlineData(0.0, "name 0.00")]
    public void FieldScore_ToString_TruncatesAndSaysExactOnlyForEqual(double similarity, string expected) =>
        Assert.Equal(expected, new FieldScore(MatchField.Name, similarity).ToString());

    [Fact]
    public void Explain_ListsFieldsAsFinanceReadsThem()
    {
        var match = new SuspectedMatch(0, 0.9, [new FieldScore(MatchField.Name, 0.934), new FieldScore(MatchField.Postcode, 1.0)]);

        Assert.Equal("name 0.93, postcode exact", match.Explain());
    }

    [Fact]
    public void BestMatch_TypoInNameSamePostcode_ExplainsEachComparedField()
    {
        var index = new SecondaryKeyIndex([new PartyRecord("Acme Trading Ltd", "SW1A 1AA") { Street = "8 Stanley Street", Locality = "London" }]);

        var match = index.BestMatch(new PartyRecord("Acme Tradng Limited", "sw1a1aa") { Street = "8 Stanley St", Locality = "London" }, SecondaryKeyOptions.DefaultThreshold);

        Assert.NotNull(match);
        Assert.Equal("name 0.98, postcode exact, street exact, locality exact", match.Explain());
    }

    [Fact]
    public void BestMatch_ExactNameAndPostcodeOnly_ReachesTheDefaultThreshold()
    {
        var index = new SecondaryKeyIndex([new PartyRecord("Olivia White", "LS1 4AP")]);

        var match = index.BestMatch(new PartyRecord("olivia white", "ls14ap"), SecondaryKeyOptions.DefaultThreshold);

        Assert.NotNull(match);
        Assert.Equal("name exact, postcode exact", match.Explain());
    }

    [Fact]
    public void BestMatch_NameTypoWithPostcodeOnly_IsNotEnoughEvidence()
    {
        // Street and locality are missing on both sides: they count as neutral, so a name and a
        // postcode alone must agree almost exactly.
        var index = new SecondaryKeyIndex([new PartyRecord("Olivia White", "LS1 4AP")]);

        Assert.Null(index.BestMatch(new PartyRecord("Olivia Whyte", "LS1 4AP"), SecondaryKeyOptions.DefaultThreshold));
    }

    [Fact]
    public void BestMatch_SamePhone_MatchesWhateverTheName()
    {
        var index = new SecondaryKeyIndex([new PartyRecord("J. Smith", null, "+44 20 7946 0958")]);

        var match = index.BestMatch(new PartyRecord("Jane Smith-Jones", null, "020 7946 0958") { Country = "GB" }, SecondaryKeyOptions.DefaultThreshold);

        Assert.NotNull(match);
        Assert.Equal(1.0, match.Score);
        Assert.Contains("phone exact", match.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MissingAddressField_CountsAsNeutral()
    {
        var options = SecondaryKeyOptions.Default;
        var total = options.NameWeight + options.PostcodeWeight + options.StreetWeight + options.LocalityWeight;
        var expected = (options.NameWeight + options.PostcodeWeight + ((options.StreetWeight + options.LocalityWeight) * options.MissingFieldSimilarity)) / total;

        Assert.Equal(expected, options.Score(1.0, 1.0, double.NaN, double.NaN), 12);
    }

    [Fact]
    public void Score_AllFieldsEqual_IsOne() =>
        Assert.Equal(1.0, SecondaryKeyOptions.Default.Score(1.0, 1.0, 1.0, 1.0), 12);

    [Theory]
    [InlineData(double.NaN, 1.0, 1.0, 1.0)]
    [InlineData(1.0, double.NaN, double.NaN, double.NaN)]
    public void Score_WithoutNameOrWithoutAnyAddressField_IsZero(double name, double postcode, double street, double locality) =>
        Assert.Equal(0.0, SecondaryKeyOptions.Default.Score(name, postcode, street, locality));

    [Fact]
    public void Score_FromExplanationFields_EqualsTheIndexScore()
    {
        var index = new SecondaryKeyIndex([new PartyRecord("Michaela Neumann", "4223") { Street = "8 stanley street, miami", Locality = "winston hills" }]);

        var match = index.BestMatch(new PartyRecord("michafla jakimow", "4223") { Street = "8 stanleykstreet, miami", Locality = "winstonbhills" }, 0.0);

        Assert.NotNull(match);
        Assert.Equal(match.Score, SecondaryKeyOptions.Default.Score(match.Fields), 12);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Validate_MissingFieldSimilarityOutsideZeroToOne_Throws(double similarity) =>
        Assert.Throws<ArgumentException>(() => (SecondaryKeyOptions.Default with { MissingFieldSimilarity = similarity }).Validate());

    [Fact]
    public void Postcode_OneSlipApart_ScoresTheSlipSimilarity()
    {
        Assert.Equal(1.0, FieldComparators.Code("4223", "4223", 0.75));
        Assert.Equal(0.75, FieldComparators.Code("4223", "4232", 0.75));
        Assert.Equal(0.75, FieldComparators.Code("4223", "4224", 0.75));
        Assert.Equal(0.0, FieldComparators.Code("4223", "4342", 0.75));
    }
}
