namespace Gapwatch.Files.Workspace;

/// <summary>The workspace file is missing or wrong; the message names the file, each key and what is allowed.</summary>
public sealed class WorkspaceFileException(string message, IReadOnlyList<string> problems) : Exception(message)
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>What <c>gapwatch init</c> asks for; everything else starts at its default.</summary>
public sealed record WorkspaceInitOptions
{
    public required string Name { get; init; }

    public string Erp { get; init; } = "sage_intacct";

    public string ReportingCurrency { get; init; } = "USD";

    public string TimeZone { get; init; } = "UTC";

    public IReadOnlyList<string> Entities { get; init; } = ["MAIN"];
}
