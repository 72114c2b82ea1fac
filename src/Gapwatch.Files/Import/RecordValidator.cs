using Gapwatch.Model;

namespace Gapwatch.Files.Import;

/// <summary>
/// Validates a record built by code (a connector) with the very rules the import applies to a file
/// row: the record is written in the import format and read back through its schema, so a value the
/// import would refuse (an unsupported currency, a negative total, an empty id) is refused here too.
/// </summary>
public static class RecordValidator
{
    /// <summary>The problems found, each naming <paramref name="origin"/> and the column; empty when the record is valid.</summary>
    public static IReadOnlyList<ImportError> Validate(ISourceRecord record, string origin)
    {
        ArgumentNullException.ThrowIfNull(record);
        var schema = Schemas.For(record.Kind);
        var values = schema.Write(record);
        var errors = new ErrorSink(Importer.DefaultErrorLimit);
        var fields = new FieldReader(origin, 0, column => ValueOf(schema, values, column), errors);
        schema.Read(fields);
        return errors.Errors;
    }

    private static string? ValueOf(KindSchema schema, string?[] values, string column)
    {
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            if (schema.Columns[i].Name == column)
            {
                return values[i];
            }
        }

        return null;
    }
}
