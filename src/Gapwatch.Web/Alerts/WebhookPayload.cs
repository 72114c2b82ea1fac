using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gapwatch.Alerts;
using Gapwatch.Model;
using Gapwatch.Store;

namespace Gapwatch.Web.Alerts;

/// <summary>
/// The body a webhook receives: Slack-compatible (<c>text</c> and <c>blocks</c>) plus a
/// <c>gapwatch</c> object for machines, and its signature: HMAC-SHA256 with the webhook's secret
/// over <c>{timestamp}.{body}</c>, sent as <c>X-Gapwatch-Signature: v1={hex}</c> beside
/// <c>X-Gapwatch-Timestamp: {unix seconds}</c>.
/// </summary>
public static class WebhookPayload
{
    public const string SignatureHeader = "X-Gapwatch-Signature";
    public const string TimestampHeader = "X-Gapwatch-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";

    public static byte[] Render(string workspaceId, string workspaceName, StoredAlert alert, Uri link)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(link);
        var e = alert.Event;
        var figure = Figure(e.Figure, e.Unit);
        var threshold = Figure(e.Threshold, e.Unit);
        var text = $"Gapwatch alert in {workspaceName}: {e.Title} is {figure}, above its threshold of {threshold}. {link}";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("text", text);
            w.WriteStartArray("blocks");
            w.WriteStartObject();
            w.WriteString("type", "section");
            w.WriteStartObject("text");
            w.WriteString("type", "mrkdwn");
            w.WriteString("text", $"*<{link}|{Escape(e.Title)}>* crossed its threshold\n*Figure:* {figure}\n*Threshold:* {threshold}");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("type", "context");
            w.WriteStartArray("elements");
            w.WriteStartObject();
            w.WriteString("type", "mrkdwn");
            w.WriteString("text", $"{Escape(workspaceName)} · as of {e.AsOf.UtcDateTime:yyyy-MM-dd HH:mm} UTC · alert {alert.Id}");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("gapwatch");
            w.WriteString("workspace", workspaceId);
            w.WriteNumber("alert_id", alert.Id);
            w.WriteNumber("snapshot_id", alert.SnapshotId);
            w.WriteString("card", e.CardKey);
            w.WriteString("title", e.Title);
            w.WriteString("transition", e.Transition == AlertTransition.Fired ? "fired" : "rearmed");
            w.WriteString("figure", Amount(e.Figure, e.Unit));
            w.WriteString("threshold", Amount(e.Threshold, e.Unit));
            w.WriteString("unit", e.Unit);
            w.WriteString("as_of", e.AsOf);
            w.WriteString("link", link.ToString());
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary><c>v1=</c> and the lower-case hex HMAC-SHA256 of <c>{timestamp}.{body}</c>.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>The check a receiver makes (constant-time comparison).</summary>
    public static bool Verify(string secret, string timestampHeader, string signatureHeader, ReadOnlySpan<byte> body)
    {
        if (!long.TryParse(timestampHeader, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader ?? ""));
    }

    /// <summary>For people: thousands separated, the currency's minor digits and its code (17,000.00 USD); a count as a whole number.</summary>
    private static string Figure(decimal value, string unit)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (!Currency.TryParse(unit, out var currency))
        {
            return value.ToString("#,##0.##", invariant);
        }

        var exact = currency.Format(value);
        var digits = exact.Contains('.', StringComparison.Ordinal) ? exact.Length - exact.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        return decimal.Parse(exact, invariant).ToString("N" + digits.ToString(invariant), invariant) + " " + unit;
    }

    private static string Amount(decimal value, string unit) =>
        Currency.TryParse(unit, out var currency) ? currency.Format(value) : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
