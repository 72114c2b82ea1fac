using Gapwatch.Bench.Matching;
using Gapwatch.Matching;

namespace Gapwatch.Bench.Tests.Matching;

public sealed class FebrlEvaluationTests
{
    private static readonly string Data = FindData();

    [Fact]
    public void LinkDataset4_NameAndAddressOnly_MeetsTheQualityTargets()
    {
        var report = FebrlEvaluation.LinkDataset4(Data, TimeProvider.System);

        Assert.Equal(5_000, report.Links.True);
        Assert.True(report.Links.Precision >= 0.99, report.Format());
        Assert.True(report.Links.Recall >= 0.95, report.Format());
        Assert.True(report.BlockingRecall >= 0.995, report.Format());
    }

    [Fact]
    public void LinkDataset4_RunTwice_GivesTheSameLinks()
    {
        var first = FebrlEvaluation.LinkDataset4(Data, TimeProvider.System);
        var second = FebrlEvaluation.LinkDataset4(Data, TimeProvider.System);

        Assert.Equal(first.Links, second.Links);
        Assert.Equal(first.CandidatePairs, second.CandidatePairs);
    }

    [Fact]
    public void Format_NamesEveryFigure()
    {
        var text = FebrlEvaluation.LinkDataset4(Data, TimeProvider.System).Format();

        foreach (var label in new[] { "precision", "recall", "F1", "blocking recall", "candidate pairs", "elapsed" })
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_ReadsFieldsAsTextWithoutLeadingSpaces()
    {
        var records = FebrlFile.Load(Path.Combine(Data, FebrlFile.Dataset4B));

        Assert.Equal(5_000, records.Count);
        var first = records[0];
        Assert.Equal(new FebrlRecord("rec-561-dup-0", 561, "elton", null, "3", "light setreet", "pinehill", "windermere", "3212", "vic"), first);
    }

    [Theory]
    [InlineData("rec-561-org", 561)]
    [InlineData("rec-561-dup-0", 561)]
    [InlineData("rec-0-dup-12", 0)]
    [InlineData("rec-561", null)]
    [InlineData("rec-x-org", null)]
    [InlineData("rec-561-dup-x", null)]
    [InlineData("id-561-org", null)]
    public void PersonOf_ReadsTheNumberOfOriginalsAndCopiesOnly(string recordId, int? expected) =>
        Assert.Equal(expected, FebrlRecord.PersonOf(recordId));

    [Fact]
    public void ToParty_JoinsNameAndStreetLines_SkippingMissingParts()
    {
        var record = new FebrlRecord("rec-1-org", 1, null, "neumann", "8", "stanley street", "miami", "winston hills", "4223", "nsw");

        Assert.Equal(new PartyRecord("neumann", "4223") { Street = "8 stanley street, miami", Locality = "winston hills" }, record.ToParty());
    }

    [Theory]
    [InlineData(0, 0, 0, 1.0, 1.0)]
    [InlineData(9, 1, 1, 0.9, 0.9)]
    [InlineData(3, 0, 1, 1.0, 0.75)]
    public void PairCounts_PrecisionAndRecall(int truePositives, int falsePositives, int falseNegatives, double precision, double recall)
    {
        var counts = new PairCounts(truePositives, falsePositives, falseNegatives);

        Assert.Equal(precision, counts.Precision, 10);
        Assert.Equal(recall, counts.Recall, 10);
    }

    private static string FindData()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "data", "febrl");
            if (File.Exists(Path.Combine(candidate, FebrlFile.Dataset4A)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/data/febrl not found above " + AppContext.BaseDirectory);
    }
}
