using Gapwatch.Web.Auth;

namespace Gapwatch.Web.Tests;

/// <summary>The web app depends inward (core, store, files, workspaces) and on nothing of the CLI, the connectors or the simulators.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Web_ReferencesOnlyInwardProjects()
    {
        var gapwatch = typeof(Roles).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").Where(n => n.StartsWith("Gapwatch", StringComparison.Ordinal)).Order().ToList();
        Assert.Empty(gapwatch.Except(["Gapwatch.Core", "Gapwatch.Store", "Gapwatch.Files", "Gapwatch.Workspaces"]));
    }

    [Fact]
    public void InwardProjects_DoNotReferenceTheWebApp()
    {
        foreach (var assembly in new[] { typeof(Cards.CardResult).Assembly, typeof(Store.SqliteWorkspaceStore).Assembly, typeof(Workspaces.GapwatchWorkspace).Assembly })
        {
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), a => a.Name is "Gapwatch.Web" or "Microsoft.AspNetCore" || (a.Name ?? "").StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        }
    }
}
