using System.Globalization;
using CsvHelper;
using Gapwatch.Model;

namespace Gapwatch.Files.Import;

/// <summary>Writes records in the import format: one CSV file per kind, columns in the documented order.</summary>
public static class ImportFormatWriter
{
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(string folder, IEnumerable<ISourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var group in records.GroupBy(r => r.Kind, StringComparer.Ordinal))
        {
            var schema = Schemas.For(group.Key);
            var path = Path.Combine(folder, schema.CsvFile);
            using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
            using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
            {
                WriteFile(csv, schema, group);
            }

            written.Add(path);
        }

        return written;
    }

    private static void WriteFile(CsvWriter csv, KindSchema schema, IEnumerable<ISourceRecord> records)
    {
        foreach (var column in schema.Columns)
        {
            csv.WriteField(column.Name);
        }

        csv.NextRecord();
        foreach (var record in records)
        {
            foreach (var value in schema.Write(record))
            {
                csv.WriteField(value ?? "");
            }

            csv.NextRecord();
        }
    }
}
