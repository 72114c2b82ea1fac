using Gapwatch.Model;
using Gapwatch.Workspace;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gapwatch.Files.Workspace;

/// <summary>The workspace file, <c>gapwatch.yaml</c>: the field map of one merchant, readable and diffable.</summary>
public static class WorkspaceFile
{
    public const string FileName = "gapwatch.yaml";

    private static readonly string[] TopKeys =
    [
        "name", "erp", "platforms", "entities", "reporting_currency", "time_zone", "match_keys", "b2b_rule", "entity_routing",
        "holding_customers", "dimensions", "tolerances", "windows", "thresholds", "suspected_duplicate_threshold",
        "schedule", "alerts",
    ];

    /// <summary>Where the embedded store of a workspace lives.</summary>
    public static string StorePath(string directory) => Path.Combine(directory, ".gapwatch", "store.db");

    /// <summary>Writes a new workspace file with every setting at its default; refuses to overwrite one.</summary>
    public static string Init(string directory, WorkspaceInitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            throw new WorkspaceFileException($"{path}: a workspace file already exists; edit it instead", []);
        }

        var problems = new List<string>();
        if (!SystemKeys.TryParseErp(options.Erp, out var erp))
        {
            problems.Add($"--erp: '{options.Erp}' is not an ERP (allowed: {string.Join(", ", SystemKeys.ErpKeys)})");
        }

        if (!Currency.TryParse(options.ReportingCurrency, out var currency))
        {
            problems.Add($"--currency: '{options.ReportingCurrency}' is not a supported ISO 4217 currency code");
        }

        ThrowIfAny(path, problems);
        Save(directory, new WorkspaceSettings
        {
            Name = options.Name,
            Erp = erp,
            ReportingCurrency = currency,
            TimeZone = options.TimeZone,
            Entities = options.Entities,
        });
        return path;
    }

    /// <summary>Writes the settings as a commented workspace file (used by init, the demo and the samples).</summary>
    public static void Save(string directory, WorkspaceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), WorkspaceFileWriter.Render(settings));
    }

    /// <summary>Loads and validates the workspace file, reporting every mistake with its key and what is allowed.</summary>
    public static WorkspaceSettings Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new WorkspaceFileException($"{path}: no workspace file here (run 'gapwatch init {directory}')", []);
        }

        var root = Parse(path);
        var problems = new List<string>();
        var settings = WorkspaceSettingsReader.Read(new YamlFields(FileName, problems), root, problems);
        ThrowIfAny(path, problems);
        return settings!;
    }

    internal static IReadOnlyList<string> AllowedTopKeys => TopKeys;

    private static YamlMappingNode Parse(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            var problem = $"{FileName}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}";
            throw new WorkspaceFileException(problem, [problem]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var problem = $"{FileName}: expected a mapping of settings at the top level";
            throw new WorkspaceFileException(problem, [problem]);
        }

        return root;
    }

    private static void ThrowIfAny(string path, List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new WorkspaceFileException($"{path} has {problems.Count} problem(s):{Environment.NewLine}" + string.Join(Environment.NewLine, problems), problems);
        }
    }
}
