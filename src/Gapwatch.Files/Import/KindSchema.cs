using Gapwatch.Model;

namespace Gapwatch.Files.Import;

/// <summary>One column of an import file.</summary>
internal sealed record Column(string Name, bool Required);

/// <summary>
/// The file of one record kind: its columns, how a row becomes a record, and how a record is
/// written back (so the writer and the reader cannot drift apart).
/// </summary>
internal sealed record KindSchema(
    string Kind,
    IReadOnlyList<Column> Columns,
    Func<FieldReader, ISourceRecord> Read,
    Func<ISourceRecord, string?[]> Write)
{
    public string CsvFile => Kind + ".csv";

    public string JsonLinesFile => Kind + ".jsonl";

    public IEnumerable<string> RequiredColumns => Columns.Where(c => c.Required).Select(c => c.Name);

    public bool Knows(string column) => Columns.Any(c => c.Name == column);
}

internal static class ColumnList
{
    /// <summary>Columns from a compact spec: a trailing '*' marks a required column.</summary>
    public static IReadOnlyList<Column> Parse(string spec) =>
        [.. spec.Split(',', StringSplitOptions.TrimEntries).Select(c => c.EndsWith('*') ? new Column(c[..^1], true) : new Column(c, false))];
}
