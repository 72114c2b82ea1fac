namespace Gapwatch.Web.Pages;

/// <summary>The stylesheet, embedded in the assembly and served by the app itself (no CDN, no external font).</summary>
internal static class StaticAssets
{
    public static byte[] Stylesheet { get; } = Load("gapwatch.css");

    private static byte[] Load(string name)
    {
        using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream("Gapwatch.Web.Pages." + name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
