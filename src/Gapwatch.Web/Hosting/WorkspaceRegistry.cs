using System.Text;
using Gapwatch.Store.Sqlite;
using Gapwatch.Workspaces;

namespace Gapwatch.Web.Hosting;

/// <summary>The workspaces one server serves, by URL id.</summary>
public sealed class WorkspaceRegistry : IDisposable
{
    private readonly Dictionary<string, ServedWorkspace> byId;

    private WorkspaceRegistry(IReadOnlyList<ServedWorkspace> workspaces)
    {
        All = workspaces;
        byId = workspaces.ToDictionary(w => w.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<ServedWorkspace> All { get; }

    public ServedWorkspace? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>Opens each workspace folder (and its store); ids come from the folder names.</summary>
    public static WorkspaceRegistry Open(IReadOnlyList<string> directories, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var opened = new List<ServedWorkspace>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var directory in directories)
            {
                var workspace = GapwatchWorkspace.Open(directory, clock);
                SqliteAccessStore access;
                try
                {
                    access = SqliteAccessStore.Open(workspace.StorePath, clock);
                }
                catch
                {
                    workspace.Dispose();
                    throw;
                }

                opened.Add(new ServedWorkspace(UniqueId(workspace.Directory, taken), workspace, access, clock));
            }

            return new WorkspaceRegistry(opened);
        }
        catch
        {
            foreach (var workspace in opened)
            {
                workspace.Dispose();
            }

            throw;
        }
    }

    /// <summary>The id a folder gets: its name in lower case, letters, digits and dashes only.</summary>
    public static string IdFor(string directory)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))).ToLowerInvariant();
        var id = new StringBuilder();
        foreach (var c in name)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var text = id.ToString().Trim('-');
        return text.Length == 0 ? "workspace" : text;
    }

    private static string UniqueId(string directory, HashSet<string> taken)
    {
        var id = IdFor(directory);
        var candidate = id;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = id + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    public void Dispose()
    {
        foreach (var workspace in All)
        {
            workspace.Dispose();
        }
    }
}
