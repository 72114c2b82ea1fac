using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Gapwatch.Web.Pages;

/// <summary>
/// A tiny HTML writer: every text and attribute value goes through the HTML encoder, so nothing a
/// workspace holds (names, sync messages, refresh errors) can become markup. Pages are built on
/// the server in one pass; there is no template engine and no inline script or style.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder builder = new(8192);

    /// <summary>Encodes markup characters (&lt; &gt; &amp; quotes); letters of every script stay readable.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string Encode(string? text) => Encoder.Encode(text ?? "");

    /// <summary>Markup written as is: only for literals of this assembly.</summary>
    public Html Raw(string markup)
    {
        builder.Append(markup);
        return this;
    }

    public Html Text(string? text)
    {
        builder.Append(Encode(text));
        return this;
    }

    /// <summary>An element with encoded text content and attributes given as name/value pairs (null values are left out).</summary>
    public Html Element(string tag, string? text, params (string Name, string? Value)[] attributes)
    {
        Open(tag, attributes);
        Text(text);
        return Close(tag);
    }

    public Html Open(string tag, params (string Name, string? Value)[] attributes)
    {
        builder.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
            {
                builder.Append(' ').Append(name).Append("=\"").Append(Encode(value)).Append('"');
            }
        }

        builder.Append('>');
        return this;
    }

    public Html Close(string tag)
    {
        builder.Append("</").Append(tag).Append('>');
        return this;
    }

    public override string ToString() => builder.ToString();

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(decimal value, int digits) => value.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Percent(decimal share) => (share * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
