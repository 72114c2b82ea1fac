using System.Text.Json;
using Gapwatch.Files.Import;
using Gapwatch.Store;
using Gapwatch.Testing.Builders;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Files.Tests.Import;

/// <summary>
/// Each folder under BadFiles/ holds bad import files and, in expected.txt, the exact messages they
/// must get. The import must fail with those messages and leave the store exactly as it was.
/// </summary>
public sealed class BadFileCorpusTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-badfiles-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "BadFiles")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Import_BadFolder_ListsEveryErrorAndLeavesStoreUnchanged(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "BadFiles", name);
        var expected = File.ReadAllLines(Path.Combine(folder, "expected.txt")).Select(l => l.Replace("{folder}", folder, StringComparison.Ordinal)).ToList();
        using var store = SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), new FakeTimeProvider());
        Assert.True(Importer.Import(ValidFolder(), store).Succeeded);
        var before = Snapshot(store);

        var outcome = Importer.Import(folder, store);

        Assert.False(outcome.Succeeded);
        Assert.Equal(expected, outcome.ErrorLines);
        Assert.Equal(before, Snapshot(store));
    }

    [Fact]
    public void Corpus_HasAtLeastTwentyCases() => Assert.True(Cases().Count >= 20);

    private string ValidFolder()
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Model.Platform.Shopify, "1", "Jo", "jo@mail.example");
        var order = b.Order(Model.Platform.Shopify, customer.Id, b.At(4, 10, 10), 100m, taxRate: 0.2m);
        b.ErpCustomer("E1", "C1", "Jo", "jo@mail.example");
        b.ErpOrder("E1", order, "C1", Model.ErpOrderStatus.Invoiced, b.At(4, 10, 11));
        b.Invoice("E1", order, "C1", new DateOnly(2026, 4, 11));
        b.AverageRate("CAD", "USD", 4, 0.73m);
        b.Sources(b.ExportedAt, "shopify", "sage_intacct");
        var folder = Path.Combine(directory, "valid");
        ImportFormatWriter.Write(folder, b.Data.All());
        return folder;
    }

    private static string Snapshot(SqliteWorkspaceStore store) =>
        string.Join("\n", store.Load().All().Select(r => r.Kind + "/" + r.Key + "=" + JsonSerializer.Serialize(r, r.GetType(), GapwatchJson.Options)))
        + JsonSerializer.Serialize(store.CountByKind());
}
