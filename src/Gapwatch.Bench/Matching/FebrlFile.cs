using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Gapwatch.Bench.Matching;

/// <summary>
/// Reads a FEBRL CSV (header <c>rec_id, given_name, surname, …</c>, a space after every comma).
/// Every field is read as text, postcodes included, and blank fields become null.
/// </summary>
public static class FebrlFile
{
    public const string Dataset2 = "febrl_dataset2.csv";
    public const string Dataset3 = "febrl_dataset3.csv";
    public const string Dataset4A = "febrl_dataset4a.csv";
    public const string Dataset4B = "febrl_dataset4b.csv";

    /// <summary>A FEBRL file holds thousands of records; more than this is not a FEBRL file.</summary>
    public const int MaximumRecords = 1_000_000;

    public static IReadOnlyList<FebrlRecord> Load(string path)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            PrepareHeaderForMatch = args => args.Header.Trim(),
        };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, configuration);
        if (!csv.Read() || !csv.ReadHeader())
        {
            throw new InvalidDataException($"{path}: no header row");
        }

        var records = new List<FebrlRecord>();
        while (csv.Read())
        {
            if (records.Count == MaximumRecords)
            {
                throw new InvalidDataException($"{path}: more than {MaximumRecords:N0} records");
            }

            records.Add(Read(csv, path));
        }

        return records;
    }

    private static FebrlRecord Read(CsvReader csv, string path)
    {
        var id = Field(csv, "rec_id") ?? "";
        var person = FebrlRecord.PersonOf(id)
            ?? throw new InvalidDataException($"{path} line {csv.Parser.RawRow}: rec_id '{id}' is neither rec-N-org nor rec-N-dup-k");
        return new FebrlRecord(
            id,
            person,
            Field(csv, "given_name"),
            Field(csv, "surname"),
            Field(csv, "street_number"),
            Field(csv, "address_1"),
            Field(csv, "address_2"),
            Field(csv, "suburb"),
            Field(csv, "postcode"),
            Field(csv, "state"));
    }

    private static string? Field(CsvReader csv, string name) => csv.GetField(name) is { Length: > 0 } value ? value : null;
}
