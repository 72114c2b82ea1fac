using System.Globalization;
using System.Text;
using System.Xml;

namespace Gapwatch.Connectors.SageIntacct;

/// <summary>One <c>&lt;error&gt;</c> of an <c>&lt;errormessage&gt;</c>. <c>errorno</c> may be a code (<c>XL03000006</c>) or free text (<c>Query Failed</c>).</summary>
public sealed record IntacctError(string? Number, string? Description, string? Description2, string? Correction)
{
    /// <summary>The error in one line, without empty parts.</summary>
    public string Text => string.Join(" ", new[] { Number, Description, Description2, Correction }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
}

/// <summary>One object of a result's <c>&lt;data&gt;</c>: its element name and its fields, nested ones flattened with dots (<c>DISPLAYCONTACT.EMAIL1</c>).</summary>
public sealed class IntacctRow(string name, IReadOnlyDictionary<string, string?> fields)
{
    public string Name { get; } = name;

    public IReadOnlyDictionary<string, string?> Fields { get; } = fields;

    /// <summary>The field's trimmed text; null when missing or empty (<c>&lt;PARENTID/&gt;</c>).</summary>
    public string? this[string field] => field is not null && Fields.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>A result's <c>&lt;data&gt;</c>: the objects and, for <c>readByQuery</c>/<c>readMore</c>, the paging attributes.</summary>
public sealed record IntacctData(string? ListType, int? Count, int? TotalCount, int? NumRemaining, string? ResultId, IReadOnlyList<IntacctRow> Rows);

/// <summary>One <c>&lt;result&gt;</c>: <c>success</c>, <c>failure</c> or <c>aborted</c>, the function it answers, its data and its errors.</summary>
public sealed record IntacctResult(string Status, string? Function, string? ControlId, IntacctData? Data, IReadOnlyList<IntacctError> Errors)
{
    public bool Succeeded => string.Equals(Status, "success", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A whole gateway answer. Its three levels of failure all arrive as HTTP 200: the control block
/// (nothing ran), the authentication block (no function ran) and each result on its own.
/// </summary>
public sealed record IntacctResponse(
    string ControlStatus,
    IReadOnlyList<IntacctError> ControlErrors,
    string? AuthenticationStatus,
    IReadOnlyList<IntacctError> AuthenticationErrors,
    IReadOnlyList<IntacctResult> Results)
{
    public bool ControlSucceeded => string.Equals(ControlStatus, "success", StringComparison.OrdinalIgnoreCase);

    public bool AuthenticationFailed => AuthenticationStatus is not null && !string.Equals(AuthenticationStatus, "success", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Reads an XML gateway answer with an <see cref="XmlReader"/> straight from the response stream
/// (no DTD, no external entities): the control block, the authentication block and every result
/// with its data rows. Anything that is not a gateway answer (an HTML page, a cut-off body) throws
/// <see cref="XmlException"/>, which the caller turns into a retryable failure.
/// </summary>
public static class IntacctResponseParser
{
    private static readonly XmlReaderSettings Settings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    public static async Task<IntacctResponse> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var reader = XmlReader.Create(body, Settings);
        await reader.MoveToContentAsync().ConfigureAwait(false);
        if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "response")
        {
            throw new XmlException($"not an XML gateway answer (root element '{reader.LocalName}', expected 'response')");
        }

        string? controlStatus = null;
        var controlErrors = new List<IntacctError>();
        string? authStatus = null;
        var authErrors = new List<IntacctError>();
        var results = new List<IntacctResult>();
        await ForEachChildAsync(reader, async () =>
        {
            switch (reader.LocalName)
            {
                case "control":
                    await ForEachChildAsync(reader, async () =>
                    {
                        if (reader.LocalName == "status")
                        {
                            controlStatus = await TextAsync(reader).ConfigureAwait(false);
                        }
                        else
                        {
                            await reader.SkipAsync().ConfigureAwait(false);
                        }
                    }, cancellationToken).ConfigureAwait(false);
                    break;
                case "errormessage":
                    controlErrors.AddRange(await ErrorsAsync(reader, cancellationToken).ConfigureAwait(false));
                    break;
                case "operation":
                    await ForEachChildAsync(reader, async () =>
                    {
                        switch (reader.LocalName)
                        {
                            case "authentication":
                                await ForEachChildAsync(reader, async () =>
                                {
                                    if (reader.LocalName == "status")
                                    {
                                        authStatus = await TextAsync(reader).ConfigureAwait(false);
                                    }
                                    else
                                    {
                                        await reader.SkipAsync().ConfigureAwait(false);
                                    }
                                }, cancellationToken).ConfigureAwait(false);
                                break;
                            case "errormessage":
                                authErrors.AddRange(await ErrorsAsync(reader, cancellationToken).ConfigureAwait(false));
                                break;
                            case "result":
                                results.Add(await ResultAsync(reader, cancellationToken).ConfigureAwait(false));
                                break;
                            default:
                                await reader.SkipAsync().ConfigureAwait(false);
                                break;
                        }
                    }, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await reader.SkipAsync().ConfigureAwait(false);
                    break;
            }
        }, cancellationToken).ConfigureAwait(false);

        // Reading to the end proves the document is complete (a cut-off body throws here).
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
        }

        if (controlStatus is null)
        {
            throw new XmlException("the answer has no control status");
        }

        return new IntacctResponse(controlStatus, controlErrors, authStatus, authErrors, results);
    }

    /// <summary>Parses a whole answer held in memory (fixtures, tests).</summary>
    public static IntacctResponse Parse(string xml)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        return ParseAsync(stream, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static async Task<IntacctResult> ResultAsync(XmlReader reader, CancellationToken cancellationToken)
    {
        string status = "";
        string? function = null;
        string? controlId = null;
        IntacctData? data = null;
        var errors = new List<IntacctError>();
        await ForEachChildAsync(reader, async () =>
        {
            switch (reader.LocalName)
            {
                case "status": status = await TextAsync(reader).ConfigureAwait(false) ?? ""; break;
                case "function": function = await TextAsync(reader).ConfigureAwait(false); break;
                case "controlid": controlId = await TextAsync(reader).ConfigureAwait(false); break;
                case "data": data = await DataAsync(reader, cancellationToken).ConfigureAwait(false); break;
                case "errormessage": errors.AddRange(await ErrorsAsync(reader, cancellationToken).ConfigureAwait(false)); break;
                default: await reader.SkipAsync().ConfigureAwait(false); break;
            }
        }, cancellationToken).ConfigureAwait(false);
        return new IntacctResult(status, function, controlId, data, errors);
    }

    private static async Task<IntacctData> DataAsync(XmlReader reader, CancellationToken cancellationToken)
    {
        var listType = reader.GetAttribute("listtype");
        var count = Number(reader.GetAttribute("count"), "count");
        var total = Number(reader.GetAttribute("totalcount"), "totalcount");
        var remaining = Number(reader.GetAttribute("numremaining"), "numremaining");
        var resultId = reader.GetAttribute("resultId");
        var rows = new List<IntacctRow>();
        await ForEachChildAsync(reader, async () =>
        {
            var name = reader.LocalName;
            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            await FieldsAsync(reader, "", fields, cancellationToken).ConfigureAwait(false);
            rows.Add(new IntacctRow(name, fields));
        }, cancellationToken).ConfigureAwait(false);
        return new IntacctData(listType, count, total, remaining, string.IsNullOrWhiteSpace(resultId) ? null : resultId, rows);
    }

    /// <summary>Reads the children of the current element into <paramref name="fields"/>: leaves by name, nested elements by <c>PARENT.CHILD</c>.</summary>
    private static Task FieldsAsync(XmlReader reader, string prefix, Dictionary<string, string?> fields, CancellationToken cancellationToken) =>
        ForEachChildAsync(reader, () => FieldAsync(reader, prefix, fields, cancellationToken), cancellationToken);

    /// <summary>Reads one field element (the reader is on its start) and moves past its end.</summary>
    private static async Task FieldAsync(XmlReader reader, string prefix, Dictionary<string, string?> fields, CancellationToken cancellationToken)
    {
        var name = prefix + reader.LocalName;
        if (reader.IsEmptyElement)
        {
            fields.TryAdd(name, null);
            await reader.ReadAsync().ConfigureAwait(false);
            return;
        }

        await reader.ReadAsync().ConfigureAwait(false);
        var text = new StringBuilder();
        var nested = false;
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    text.Append(reader.Value);
                    await reader.ReadAsync().ConfigureAwait(false);
                    break;
                case XmlNodeType.Element:
                    nested = true;
                    await FieldAsync(reader, name + ".", fields, cancellationToken).ConfigureAwait(false);
                    break;
                case XmlNodeType.None:
                    throw new XmlException("the answer ends inside a field");
                default:
                    await reader.ReadAsync().ConfigureAwait(false);
                    break;
            }
        }

        if (!nested)
        {
            fields.TryAdd(name, text.ToString());
        }

        await reader.ReadAsync().ConfigureAwait(false);
    }

    private static async Task<List<IntacctError>> ErrorsAsync(XmlReader reader, CancellationToken cancellationToken)
    {
        var errors = new List<IntacctError>();
        await ForEachChildAsync(reader, async () =>
        {
            if (reader.LocalName != "error")
            {
                await reader.SkipAsync().ConfigureAwait(false);
                return;
            }

            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            await FieldsAsync(reader, "", fields, cancellationToken).ConfigureAwait(false);
            errors.Add(new IntacctError(Clean(fields, "errorno"), Clean(fields, "description"), Clean(fields, "description2"), Clean(fields, "correction")));
        }, cancellationToken).ConfigureAwait(false);
        return errors;
    }

    private static string? Clean(Dictionary<string, string?> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Calls <paramref name="child"/> on each child element of the current one (which must consume it), then moves past the end element.</summary>
    private static async Task ForEachChildAsync(XmlReader reader, Func<Task> child, CancellationToken cancellationToken)
    {
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync().ConfigureAwait(false);
            return;
        }

        await reader.ReadAsync().ConfigureAwait(false);
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element)
            {
                await child().ConfigureAwait(false);
            }
            else if (reader.NodeType == XmlNodeType.None)
            {
                throw new XmlException("the answer ends before its elements are closed");
            }
            else
            {
                await reader.ReadAsync().ConfigureAwait(false);
            }
        }

        await reader.ReadAsync().ConfigureAwait(false);
    }

    private static async Task<string?> TextAsync(XmlReader reader)
    {
        var text = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static int? Number(string? text, string attribute) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new XmlException($"the data attribute {attribute} is not a count ('{text}')");
}

/// <summary>
/// Writes XML gateway requests (DTD 3.0): the control block with the sender, <c>uniqueid</c> false
/// (reads may repeat a control id), then one operation authenticated by a session or a login, with
/// one function. Values are escaped by the writer, never concatenated.
/// </summary>
public static class IntacctRequestWriter
{
    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false, OmitXmlDeclaration = false };

    /// <summary>A <c>getAPISession</c> request with a login (<c>locationid</c> scopes the session to an entity).</summary>
    public static string Login(IntacctConnection connection, string controlId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Envelope(connection.SenderId, connection.SenderPassword, controlId, w =>
        {
            w.WriteStartElement("login");
            w.WriteElementString("userid", connection.UserId);
            w.WriteElementString("companyid", connection.CompanyId);
            w.WriteElementString("password", connection.UserPassword);
            if (connection.EntityId is { } entity)
            {
                w.WriteElementString("locationid", entity);
            }

            w.WriteEndElement();
        }, w =>
        {
            w.WriteStartElement("function");
            w.WriteAttributeString("controlid", controlId);
            w.WriteStartElement("getAPISession");
            if (connection.EntityId is { } entity)
            {
                w.WriteElementString("locationid", entity);
            }

            w.WriteEndElement();
            w.WriteEndElement();
        });
    }

    /// <summary>One function in a session.</summary>
    public static string InSession(string senderId, string senderPassword, string sessionId, string controlId, Action<XmlWriter> function) =>
        Envelope(senderId, senderPassword, controlId, w => w.WriteElementString("sessionid", sessionId), w =>
        {
            w.WriteStartElement("function");
            w.WriteAttributeString("controlid", controlId);
            function(w);
            w.WriteEndElement();
        });

    /// <summary>The <c>readByQuery</c> function body, in the SDK's element order.</summary>
    public static Action<XmlWriter> ReadByQuery(string objectName, string query, IEnumerable<string> fields, int pageSize, string? docParId) => w =>
    {
        w.WriteStartElement("readByQuery");
        w.WriteElementString("object", objectName);
        w.WriteElementString("query", query);
        w.WriteElementString("fields", string.Join(",", fields));
        w.WriteElementString("pagesize", pageSize.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("returnFormat", "xml");
        if (docParId is not null)
        {
            w.WriteElementString("docparid", docParId);
        }

        w.WriteEndElement();
    };

    public static Action<XmlWriter> ReadMore(string resultId) => w =>
    {
        w.WriteStartElement("readMore");
        w.WriteElementString("resultId", resultId);
        w.WriteEndElement();
    };

    private static string Envelope(string senderId, string senderPassword, string controlId, Action<XmlWriter> authentication, Action<XmlWriter> content)
    {
        var builder = new StringBuilder();
        using (var stream = new StringWriterUtf8(builder))
        using (var w = XmlWriter.Create(stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("request");
            w.WriteStartElement("control");
            w.WriteElementString("senderid", senderId);
            w.WriteElementString("password", senderPassword);
            w.WriteElementString("controlid", controlId);
            w.WriteElementString("uniqueid", "false");
            w.WriteElementString("dtdversion", "3.0");
            w.WriteElementString("includewhitespace", "false");
            w.WriteEndElement();
            w.WriteStartElement("operation");
            w.WriteAttributeString("transaction", "false");
            w.WriteStartElement("authentication");
            authentication(w);
            w.WriteEndElement();
            w.WriteStartElement("content");
            content(w);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return builder.ToString();
    }

    private sealed class StringWriterUtf8(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
