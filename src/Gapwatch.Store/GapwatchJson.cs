using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gapwatch.Model;

namespace Gapwatch.Store;

/// <summary>
/// The one JSON shape of stored facts and snapshots. Decimals are written as JSON numbers with
/// their scale and read back exactly; a currency is its code; money is an amount string with the
/// currency's minor digits plus the code. Computed (get-only) properties are not stored.
/// </summary>
public static class GapwatchJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            IgnoreReadOnlyProperties = true,
            WriteIndented = false,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new CurrencyConverter());
        options.Converters.Add(new MoneyConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class CurrencyConverter : JsonConverter<Currency>
    {
        public override Currency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Currency.TryParse(reader.GetString(), out var currency) ? currency : throw new JsonException($"'{reader.GetString()}' is not a supported currency");

        public override void Write(Utf8JsonWriter writer, Currency value, JsonSerializerOptions options) => writer.WriteStringValue(value.Code);
    }

    private sealed class MoneyConverter : JsonConverter<Money>
    {
        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? amount = null, code = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "amount")
                {
                    amount = reader.GetString();
                }
                else if (name == "currency")
                {
                    code = reader.GetString();
                }
            }

            if (amount is null || !Currency.TryParse(code, out var currency))
            {
                throw new JsonException("money needs an amount string and a supported currency");
            }

            return new Money(decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture), currency);
        }

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("amount", value.Format());
            writer.WriteString("currency", value.Currency.Code);
            writer.WriteEndObject();
        }
    }
}
