using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gapwatch.Simulators.DynamicsFo;

/// <summary>A <c>$filter</c> the simulator cannot evaluate: answered 400 with an OData error body, as the services do.</summary>
public sealed class ODataQueryException(string message) : Exception(message)
{
    public ODataQueryException()
        : this("invalid query")
    {
    }

    public ODataQueryException(string message, Exception innerException)
        : this(message + ": " + innerException?.Message)
    {
    }
}

/// <summary>
/// The subset of OData v4 <c>$filter</c> the Finance &amp; Operations and Dataverse services are
/// read with: <c>eq ne gt ge lt le</c>, <c>and or not</c>, parentheses; literals are quoted
/// strings (<c>''</c> escapes a quote), unquoted date-times, numbers, <c>null</c>, <c>true</c>,
/// <c>false</c> and F&amp;O enum literals (<c>Microsoft.Dynamics.DataEntities.NoYes'Yes'</c>). As on
/// F&amp;O, an enum field compared with a plain string is refused, and strings compare without case.
/// </summary>
public sealed class ODataFilter
{
    private readonly Func<JsonObject, bool> predicate;

    private ODataFilter(Func<JsonObject, bool> predicate) => this.predicate = predicate;

    public static ODataFilter Parse(string? text, IReadOnlySet<string> fields, IReadOnlySet<string> enumFields)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ODataFilter(_ => true);
        }

        var parser = new Parser(Tokenize(text), fields, enumFields);
        var expression = parser.Or();
        parser.End();
        return new ODataFilter(expression);
    }

    public bool Matches(JsonObject row) => predicate(row);

    /// <summary>Orders two JSON values as the service would: numbers, date-times and strings (case-insensitive); null first.</summary>
    public static int Compare(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
        {
            return (left is null ? 0 : 1) - (right is null ? 0 : 1);
        }

        var a = left.AsValue();
        var b = right.AsValue();
        if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
        {
            return Number(a).CompareTo(Number(b));
        }

        var x = a.ToString();
        var y = b.ToString();
        if (Instant(x) is { } dx && Instant(y) is { } dy)
        {
            return dx.CompareTo(dy);
        }

        return string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A JSON number of any CLR origin (long, decimal, parsed) as a decimal.</summary>
    internal static decimal Number(JsonValue value) => decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static DateTimeOffset? Instant(string text) =>
        text.Length >= 20 && text[4] == '-' && text[10] == 'T' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')')
                {
                    if (text[i] == '\'')
                    {
                        i = QuotedEnd(text, i);
                    }

                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }

    /// <summary>The index of the quote closing the literal opened at <paramref name="open"/> (<c>''</c> is an escaped quote).</summary>
    private static int QuotedEnd(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] != '\'')
            {
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '\'')
            {
                i++;
                continue;
            }

            return i;
        }

        throw new ODataQueryException("Syntax error: unterminated string literal in $filter.");
    }

    private sealed class Parser(List<string> tokens, IReadOnlySet<string> fields, IReadOnlySet<string> enumFields)
    {
        private int position;

        /// <summary>The last parsed term when it was one <c>field eq literal</c> comparison, else null.</summary>
        private EqualityTerm? simple;

        public Func<JsonObject, bool> Or()
        {
            var left = And(out var first);
            var chain = first is { } term ? new List<EqualityTerm> { term } : null;
            while (Accept("or"))
            {
                var (l, r) = (left, And(out var next));
                left = row => l(row) || r(row);
                chain = chain is not null && next is { } n && n.Field == chain[0].Field ? [.. chain, n] : null;
            }

            return chain is { Count: > 1 } ? EqualityChain.Of(chain, left) : left;
        }

        public void End()
        {
            if (position < tokens.Count)
            {
                throw new ODataQueryException($"Syntax error at position {position}: unexpected '{tokens[position]}' in $filter.");
            }
        }

        private Func<JsonObject, bool> And(out EqualityTerm? term)
        {
            simple = null;
            var left = Unary();
            term = simple;
            while (Accept("and"))
            {
                var (l, r) = (left, Unary());
                left = row => l(row) && r(row);
                term = null;
            }

            return left;
        }

        private Func<JsonObject, bool> Unary()
        {
            if (Accept("not"))
            {
                var inner = Unary();
                simple = null;
                return row => !inner(row);
            }

            if (Accept("("))
            {
                var inner = Or();
                Expect(")");
                simple = null;
                return inner;
            }

            return Comparison();
        }

        private Func<JsonObject, bool> Comparison()
        {
            var field = Next("a property name");
            if (!fields.Contains(field))
            {
                throw new ODataQueryException($"Could not find a property named '{field}' on the entity.");
            }

            var op = Next("an operator");
            var literal = Literal(field, Next("a literal"));
            simple = op == "eq" && literal is not null ? new EqualityTerm(field, literal) : null;
            Func<int, bool> test = op switch
            {
                "eq" => c => c == 0,
                "ne" => c => c != 0,
                "gt" => c => c > 0,
                "ge" => c => c >= 0,
                "lt" => c => c < 0,
                "le" => c => c <= 0,
                _ => throw new ODataQueryException($"Syntax error: unknown operator '{op}' in $filter."),
            };
            return row =>
            {
                var value = row[field];
                if (literal is null || value is null)
                {
                    return op == "eq" ? literal is null && value is null : op == "ne" && (literal is null) != (value is null);
                }

                return test(Compare(value, literal));
            };
        }

        private JsonNode? Literal(string field, string token)
        {
            var isEnum = enumFields.Contains(field);
            var quote = token.IndexOf('\'', StringComparison.Ordinal);
            if (quote > 0 && token.EndsWith('\''))
            {
                if (!isEnum)
                {
                    throw new ODataQueryException($"A binary operator with incompatible types was detected. Found operand types 'Edm.String' and '{token[..quote]}' for '{field}'.");
                }

                return JsonValue.Create(Unquote(token[quote..]));
            }

            if (isEnum)
            {
                throw new ODataQueryException($"A binary operator with incompatible types was detected. Found operand types 'Microsoft.Dynamics.DataEntities enum' and 'Edm.String' for '{field}'; use the enum literal syntax Namespace.Type'Value'.");
            }

            return token switch
            {
                "null" => null,
                "true" => JsonValue.Create(true),
                "false" => JsonValue.Create(false),
                ['\'', ..] => JsonValue.Create(Unquote(token)),
                _ when decimal.TryParse(token, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
                _ when Instant(token) is not null => JsonValue.Create(token),
                _ => throw new ODataQueryException($"Syntax error: '{token}' is not a valid literal for '{field}'."),
            };
        }

        private static string Unquote(string quoted) =>
            quoted.Length >= 2 && quoted[0] == '\'' && quoted[^1] == '\''
                ? quoted[1..^1].Replace("''", "'", StringComparison.Ordinal)
                : throw new ODataQueryException($"Syntax error: bad string literal {quoted}.");

        private bool Accept(string token)
        {
            if (position < tokens.Count && tokens[position] == token)
            {
                position++;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!Accept(token))
            {
                throw new ODataQueryException($"Syntax error: '{token}' expected in $filter.");
            }
        }

        private string Next(string what) =>
            position < tokens.Count ? tokens[position++] : throw new ODataQueryException($"Syntax error: {what} expected at the end of $filter.");
    }
}

/// <summary>One <c>field eq literal</c> term of a filter.</summary>
internal sealed record EqualityTerm(string Field, JsonNode Literal);

/// <summary>
/// A long <c>field eq a or field eq b …</c> chain (how a client asks for many keys without
/// <c>in</c>), answered by a set lookup as a server's index would, instead of one comparison per
/// term per row. Values that are neither plain strings nor numbers fall back to the comparisons.
/// </summary>
internal static class EqualityChain
{
    public static Func<JsonObject, bool> Of(IReadOnlyList<EqualityTerm> chain, Func<JsonObject, bool> slow)
    {
        var field = chain[0].Field;
        var strings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var numbers = new HashSet<decimal>();
        foreach (var term in chain)
        {
            if (term.Literal is not JsonValue value || !Add(value, strings, numbers))
            {
                return slow;
            }
        }

        return row => row[field] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => slow(row),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => strings.Contains(v.GetValue<string>()),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => numbers.Contains(ODataFilter.Number(v)),
            _ => slow(row),
        };
    }

    private static bool Add(JsonValue value, HashSet<string> strings, HashSet<decimal> numbers)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    return false; // a date-time literal compares as an instant, not as text
                }

                strings.Add(text);
                return true;
            case JsonValueKind.Number:
                numbers.Add(ODataFilter.Number(value));
                return true;
            default:
                return false;
        }
    }

}
