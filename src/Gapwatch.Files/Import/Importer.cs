using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Files.Import;

/// <summary>
/// Reads a folder in the import format (docs/import-format.md). Everything is validated first and
/// every error is listed (up to a limit); nothing is stored unless all of it is valid, and then all
/// of it is stored in one transaction.
/// </summary>
public static class Importer
{
    public const int DefaultErrorLimit = 200;

    public static ImportOutcome Import(string folder, IWorkspaceStore store, int errorLimit = DefaultErrorLimit)
    {
        ArgumentNullException.ThrowIfNull(store);
        var batch = Validate(folder, errorLimit);
        return batch.IsValid ? new ImportOutcome(store.Upsert(batch.Records), []) : new ImportOutcome(null, batch.ErrorLines);
    }

    public static ImportBatch Validate(string folder, int errorLimit = DefaultErrorLimit)
    {
        var errors = new ErrorSink(errorLimit);
        var records = new List<ISourceRecord>();
        foreach (var (schema, path) in Files(folder, errors))
        {
            var reader = new FileValidator(schema, Path.GetFileName(path), errors, records);
            if (path.EndsWith(".csv", StringComparison.Ordinal))
            {
                reader.ReadCsv(path);
            }
            else
            {
                reader.ReadJsonLines(path);
            }
        }

        return errors.Count == 0 ? new ImportBatch(records, [], 0) : new ImportBatch([], errors.Errors, errors.NotShown);
    }

    private static List<(KindSchema Schema, string Path)> Files(string folder, ErrorSink errors)
    {
        var found = new List<(KindSchema, string)>();
        if (!Directory.Exists(folder))
        {
            errors.Add(new ImportError(folder, null, null, "is not a folder"));
            return found;
        }

        var expected = string.Join(", ", Schemas.All.Select(s => s.CsvFile));
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (!name.EndsWith(".csv", StringComparison.Ordinal) && !name.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                continue;
            }

            var schema = Schemas.All.FirstOrDefault(s => s.CsvFile == name || s.JsonLinesFile == name);
            if (schema is null)
            {
                errors.Add(new ImportError(name, null, null, $"is not an import file (expected one of {expected}, or the same names ending .jsonl)"));
            }
            else if (found.Any(f => f.Item1 == schema))
            {
                errors.Add(new ImportError(name, null, null, $"{schema.Kind} is given twice ({schema.CsvFile} and {schema.JsonLinesFile}): keep one"));
            }
            else
            {
                found.Add((schema, path));
            }
        }

        if (found.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(folder, null, null, $"holds no import files (expected one or more of {expected})"));
        }

        return found;
    }

    /// <summary>Validates one file row by row, without reading it whole.</summary>
    private sealed class FileValidator(KindSchema schema, string file, ErrorSink errors, List<ISourceRecord> records)
    {
        private readonly Dictionary<string, int> firstLineOfKey = new(StringComparer.Ordinal);

        public void ReadCsv(string path)
        {
            var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = false, BadDataFound = null };
            using var stream = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            using var parser = new CsvParser(stream, configuration);
            try
            {
                if (!parser.Read())
                {
                    errors.Add(new ImportError(file, null, null, "is empty (expected a header row)"));
                    return;
                }

                var header = parser.Record!.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
                if (!HeaderIsValid(header))
                {
                    return;
                }

                while (parser.Read())
                {
                    ReadCsvRow(parser, header);
                }
            }
            catch (CsvHelperException e)
            {
                errors.Add(new ImportError(file, e.Context?.Parser?.RawRow, null, "is not valid CSV: " + FirstLine(e.Message)));
            }
        }

        private void ReadCsvRow(CsvParser parser, string[] header)
        {
            var fields = parser.Record!;
            var line = parser.RawRow - CountNewLines(fields);
            if (fields.Length == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                return;
            }

            if (fields.Length != header.Length)
            {
                var unclosed = fields.Any(f => f.Contains('\n', StringComparison.Ordinal)) ? " (a quote may be left open)" : "";
                errors.Add(new ImportError(file, line, null, $"has {fields.Length} fields, the header has {header.Length}{unclosed}"));
                return;
            }

            Accept(new FieldReader(file, line, column => Array.IndexOf(header, column) is var i and >= 0 ? fields[i] : null, errors));
        }

        public void ReadJsonLines(string path)
        {
            using var stream = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var line = 0;
            while (stream.ReadLine() is { } text)
            {
                line++;
                if (!string.IsNullOrWhiteSpace(text))
                {
                    ReadJsonLine(text, line);
                }
            }
        }

        private void ReadJsonLine(string text, int line)
        {
            Dictionary<string, string?> values;
            try
            {
                values = JsonLineValues.Parse(text, file, line, schema, errors);
            }
            catch (JsonException e)
            {
                errors.Add(new ImportError(file, line, null, $"is not valid JSON (the problem is at character {(e.BytePositionInLine ?? 0) + 1}; each line must be one complete object)"));
                return;
            }

            if (values.Count > 0 && RequiredPresent(values.Keys, line))
            {
                Accept(new FieldReader(file, line, column => values.GetValueOrDefault(column), errors));
            }
        }

        private bool HeaderIsValid(string[] header)
        {
            var before = errors.Count;
            foreach (var column in header.Where(c => !schema.Knows(c)))
            {
                errors.Add(new ImportError(file, 1, column, $"unknown column (expected columns: {string.Join(", ", schema.Columns.Select(c => c.Name))})"));
            }

            foreach (var duplicate in header.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                errors.Add(new ImportError(file, 1, duplicate.Key, "appears twice in the header"));
            }

            RequiredPresent(header, 1);
            return errors.Count == before;
        }

        private bool RequiredPresent(IEnumerable<string> columns, int line)
        {
            var present = columns.ToHashSet(StringComparer.Ordinal);
            var missing = schema.RequiredColumns.Where(c => !present.Contains(c)).ToList();
            foreach (var column in missing)
            {
                errors.Add(new ImportError(file, line, null, $"missing required column '{column}'"));
            }

            return missing.Count == 0;
        }

        private void Accept(FieldReader fields)
        {
            var record = schema.Read(fields);
            if (fields.ErrorCount > 0)
            {
                return;
            }

            if (firstLineOfKey.TryGetValue(record.Key, out var first))
            {
                errors.Add(new ImportError(file, fields.Line, null, $"duplicate key '{record.Key}' (first at line {first})"));
                return;
            }

            firstLineOfKey[record.Key] = fields.Line;
            records.Add(record);
        }

        private static int CountNewLines(string[] fields) => fields.Sum(f => f.Count(c => c == '\n'));

        private static string FirstLine(string message) => message.Split('\n')[0].Trim();
    }
}
