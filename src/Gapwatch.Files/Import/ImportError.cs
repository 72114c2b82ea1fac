namespace Gapwatch.Files.Import;

/// <summary>One problem in the import files, located by file, line and column.</summary>
public sealed record ImportError(string File, int? Line, string? Column, string Message)
{
    public override string ToString() =>
        (Line, Column) switch
        {
            (null, _) => $"{File}: {Message}",
            (_, null) => $"{File} line {Line}: {Message}",
            _ => $"{File} line {Line}, column {Column}: {Message}",
        };
}

/// <summary>What validation found: the records, and every error (up to the limit).</summary>
public sealed record ImportBatch(IReadOnlyList<Model.ISourceRecord> Records, IReadOnlyList<ImportError> Errors, int ErrorsNotShown)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>The errors as the user reads them, with a closing line when some were left out.</summary>
    public IReadOnlyList<string> ErrorLines =>
        ErrorsNotShown == 0 ? [.. Errors.Select(e => e.ToString())] : [.. Errors.Select(e => e.ToString()), $"… and {ErrorsNotShown} more errors"];
}

/// <summary>An import either stored everything (one transaction) or nothing, with the errors.</summary>
public sealed record ImportOutcome(Ports.UpsertResult? Result, IReadOnlyList<string> ErrorLines)
{
    public bool Succeeded => Result is not null;
}

/// <summary>Collects errors up to a limit; past it, only counts them.</summary>
internal sealed class ErrorSink(int limit)
{
    private readonly List<ImportError> errors = [];

    public int NotShown { get; private set; }

    public int Count => errors.Count + NotShown;

    public IReadOnlyList<ImportError> Errors => errors;

    public void Add(ImportError error)
    {
        if (errors.Count < limit)
        {
            errors.Add(error);
        }
        else
        {
            NotShown++;
        }
    }
}
