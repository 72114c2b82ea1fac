using Gapwatch.Files.Import;
using Gapwatch.Generator.Seeds;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Files.Tests.Import;

public sealed class ImporterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-import-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void WriteThenValidate_EveryRecordOfASample_RoundTripsExactly()
    {
        var sample = SeedSamples.All().Single(s => s.Name == "seed-003-d365-absent");
        ImportFormatWriter.Write(directory, sample.Data.All());
        var batch = Importer.Validate(directory);
        Assert.True(batch.IsValid, string.Join("\n", batch.ErrorLines));
        var expected = sample.Data.All().Select(Json).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, batch.Records.Select(Json).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Import_SameFolderTwice_SecondImportChangesNothing()
    {
        var sample = SeedSamples.All().Single(s => s.Name == "seed-000-sage-b2b-sync");
        ImportFormatWriter.Write(directory, sample.Data.All());
        using var store = SqliteWorkspaceStore.Open(Path.Combine(directory, "store", "store.db"), new FakeTimeProvider());
        var first = Importer.Import(directory, store).Result!;
        var second = Importer.Import(directory, store).Result!;
        Assert.Equal(sample.Data.Count, first.Inserted);
        Assert.Equal(new UpsertResult(0, 0, sample.Data.Count, 0), second);
    }

    [Fact]
    public void Validate_JsonLines_ReadsTheSameFieldsAsCsv()
    {
        File.WriteAllText(Path.Combine(directory, "erp_customers.jsonl"),
            """
            {"entity":"E1","id":"C1","name":"Acme","status":"active","is_holding":false,"updated_at":"2026-04-10T10:00:00Z"}

            {"entity":"E1","id":"WEB","name":"Web sales","status":"active","is_holding":true}
            """);
        var batch = Importer.Validate(directory);
        Assert.True(batch.IsValid, string.Join("\n", batch.ErrorLines));
        var holding = batch.Records.OfType<ErpCustomer>().Single(c => c.Id == "WEB");
        Assert.True(holding.IsHolding);
        Assert.Null(holding.UpdatedAt);
    }

    [Fact]
    public void Validate_ByteOrderMarkAndCrLf_AreTolerated()
    {
        File.WriteAllText(Path.Combine(directory, "sources.csv"), "source,last_successful_sync_at\r\nshopify,2026-04-12T23:00:00+01:00\r\n", new System.Text.UTF8Encoding(true));
        var batch = Importer.Validate(directory);
        Assert.True(batch.IsValid, string.Join("\n", batch.ErrorLines));
        Assert.Equal(new DateTimeOffset(2026, 4, 12, 22, 0, 0, TimeSpan.Zero), ((SourceFreshness)Assert.Single(batch.Records)).LastSuccessfulSyncAt);
    }

    [Fact]
    public void Validate_HeaderOnly_IsValidWithNoRecords()
    {
        File.WriteAllText(Path.Combine(directory, "period_locks.csv"), "entity,period_start,period_end,locked_at\n");
        var batch = Importer.Validate(directory);
        Assert.True(batch.IsValid);
        Assert.Empty(batch.Records);
    }

    private static string Json(ISourceRecord record) =>
        System.Text.Json.JsonSerializer.Serialize(record, record.GetType(), GapwatchJson.Options);
}
