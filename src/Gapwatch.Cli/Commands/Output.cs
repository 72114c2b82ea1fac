using System.Text;
using System.Text.Json;
using Gapwatch.Cards;
using Gapwatch.Workspaces;

namespace Gapwatch.Cli.Commands;

internal static class Output
{
    public static void WriteJson(CliContext context, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        context.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The stored refresh at or before the as-of time, or a clear "run refresh first".</summary>
    public static RefreshSnapshot LatestOrFail(GapwatchWorkspace workspace, DateTimeOffset? asOf) =>
        workspace.Store.LatestSnapshot(asOf)
        ?? throw new CliException(ExitCodes.NotFound, $"no snapshot{(asOf is null ? "" : " at or before " + asOf.Value.ToString("O"))}: run 'gapwatch refresh --workspace {workspace.Directory}' first");

    public static CardResult FindCard(RefreshSnapshot snapshot, string key) =>
        snapshot.Cards.FirstOrDefault(c => c.Key == key)
        ?? throw new CliException(ExitCodes.NotFound, $"no card '{key}': the cards are {string.Join(", ", CardKeys.All)}");
}
