using System.Text;
using System.Xml;
using System.Xml.Linq;
using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Files.Import;
using Gapwatch.Model;

namespace Gapwatch.Connectors.Tests.SageIntacct;

/// <summary>
/// Real Intacct XML gateway payloads, copied into tests/data/fixtures/intacct with their SOURCES
/// rows: every answer parses with the connector's response parser into the level of failure it
/// shows, and every request fragment equals what the connector's request writer produces.
/// </summary>
public sealed class IntacctRealFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "intacct");

    private static IntacctResponse Parse(string file) => IntacctResponseParser.Parse(File.ReadAllText(Path.Combine(Folder, file)));

    private static readonly IntacctConnection Connection = new("testsenderid", "pass123!", "fakecompany", "fakeuser", "userpass");

    [Fact]
    public void Folder_HoldsEveryFixtureOfItsSourcesFileAndOnlyThose()
    {
        var sources = File.ReadAllText(Path.Combine(Folder, "SOURCES.md"));
        var files = Directory.EnumerateFiles(Folder, "*.xml").Select(Path.GetFileName).ToList();
        Assert.Equal(12, files.Count);
        Assert.All(files, f => Assert.Contains($"| {f} |", sources, StringComparison.Ordinal));
        Assert.Contains("Copyright (c) 2019, James Cote. All rights reserved.", sources, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadByQueryProject_HasPagingAttributesAndASecondResult()
    {
        var response = Parse("readbyquery-project-numremaining-resultid.xml");

        Assert.True(response.ControlSucceeded);
        Assert.False(response.AuthenticationFailed);
        Assert.Equal(2, response.Results.Count);
        var data = response.Results[0].Data!;
        Assert.Equal(("project", 5, 35, 30, "7765623336W-ne68CoA4gAAEEhD7EAAAAP4"), (data.ListType, data.Count, data.TotalCount, data.NumRemaining, data.ResultId));
        Assert.Equal(5, data.Rows.Count);
        Assert.Equal(("989", "A17-ADVC"), (data.Rows[0]["RECORDNO"], data.Rows[0]["PROJECTID"]));
        Assert.Equal("Fellow PD1", response.Results[1].Data!.Rows.Single()["PROJECTID"]);
    }

    [Fact]
    public void ReadAndReadByQueryVendor_EmptyElementsAreNull()
    {
        var response = Parse("read-and-readbyquery-vendor-multiresult.xml");

        var query = response.Results.Single(r => r.Function == "readByQuery");
        Assert.Equal((5, "aaaaa"), (query.Data!.NumRemaining, query.Data.ResultId));
        Assert.Null(query.Data.Rows[0]["PARENTID"]);
        Assert.Equal("1234", query.Data.Rows[0]["PARENTKEY"]);
        Assert.Null(response.Results[0].Data!.Rows[1]["PARENTID"]);
    }

    [Fact]
    public void ReadByQueryClass_TimesAndEntityFieldsRead()
    {
        var response = Parse("readbyquery-class-numremaining-resultid.xml");

        var row = response.Results.Single().Data!.Rows.Single();
        Assert.Equal("07/24/2017 15:19:46", row["WHENMODIFIED"]);
        Assert.Null(row["MEGAENTITYID"]);
        var mapper = new IntacctMapper(Connection);
        Assert.Equal(new DateTimeOffset(2017, 7, 24, 15, 19, 46, TimeSpan.Zero), mapper.Instant(row, "WHENMODIFIED"));
        Assert.Equal("fakecompany", Connection.EntityOf(row["MEGAENTITYID"])); // top level: the company
    }

    [Fact]
    public void ReadByQueryClass_AsACustomer_IsQuarantinedNotACrash()
    {
        var row = Parse("readbyquery-class-numremaining-resultid.xml").Results.Single().Data!.Rows.Single();

        var outcome = new IntacctMapper(Connection).Customer(row);

        Assert.Empty(outcome.Records);
        Assert.Contains("no CUSTOMERID", outcome.Rejected!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlFailure_HasBothParseErrorsAndNoOperation()
    {
        var response = Parse("control-failure-xml-parse-error.xml");

        Assert.False(response.ControlSucceeded);
        Assert.Equal(2, response.ControlErrors.Count);
        Assert.All(response.ControlErrors, e => Assert.Equal("XL03000003", e.Number));
        Assert.Null(response.AuthenticationStatus);
        Assert.Empty(response.Results);
    }

    [Theory]
    [InlineData("auth-failure-login-XL03000006.xml", "Sign-in information is incorrect")]
    [InlineData("auth-failure-invalid-session.xml", "Invalid session q....")]
    public void AuthenticationFailure_IsAtTheOperationLevel(string file, string description)
    {
        var response = Parse(file);

        Assert.True(response.ControlSucceeded);
        Assert.True(response.AuthenticationFailed);
        var error = Assert.Single(response.AuthenticationErrors);
        Assert.Equal(("XL03000006", description), (error.Number, error.Description2));
        Assert.Empty(response.Results);
    }

    [Fact]
    public void FunctionFailure_KeepsEveryErrorAndItsData()
    {
        var result = Parse("function-failure-multiple-errors.xml").Results.Single();

        Assert.False(result.Succeeded);
        Assert.Equal(["BL34000061", "BL01001973", "BL01001973"], result.Errors.Select(e => e.Number));
        Assert.Equal("Use a unique value instead.", result.Errors[0].Correction);
        Assert.Equal("1424", result.Data!.Rows.Single()["RECORDNO"]);
    }

    [Fact]
    public void MixedResults_EachHasItsOwnStatus()
    {
        var results = Parse("mixed-function-results.xml").Results;

        Assert.Equal(["failure", "success", "failure"], results.Select(r => r.Status));
        Assert.Equal("Invalid fields list x", results[0].Errors.Single().Number); // free-text errorno
        Assert.Equal("FOSSE BOB", results[1].Data!.Rows.Single()["VENDORNAME"]);
    }

    [Fact]
    public void TransactionAborted_IsAFailedResult()
    {
        var results = Parse("transaction-aborted-and-failure.xml").Results;

        Assert.Equal(["aborted", "failure"], results.Select(r => r.Status));
        Assert.All(results, r => Assert.False(r.Succeeded));
        Assert.Equal("XL03000009", results[0].Errors.Single().Number);
        Assert.Equal(2, results[1].Errors.Count);
    }

    [Fact]
    public void Parser_RefusesHtmlAndCutOffAnswers()
    {
        Assert.Throws<XmlException>(() => IntacctResponseParser.Parse("<!DOCTYPE html><html><body>maintenance</body></html>"));
        var whole = File.ReadAllText(Path.Combine(Folder, "readbyquery-project-numremaining-resultid.xml"));
        Assert.Throws<XmlException>(() => IntacctResponseParser.Parse(whole[..(whole.Length / 2)]));
    }

    [Fact]
    public void RequestEnvelope_MatchesTheSdksSessionEnvelope()
    {
        var expected = XDocument.Parse(File.ReadAllText(Path.Combine(Folder, "request-envelope-session.xml")));

        var written = XDocument.Parse(IntacctRequestWriter.InSession("testsenderid", "pass123!", "testsession..", "unittest", IntacctRequestWriter.ReadMore("x")));

        Assert.True(XNode.DeepEquals(expected.Root!.Element("control"), written.Root!.Element("control")), written.Root.Element("control")!.ToString());
        var operation = written.Root.Element("operation")!;
        Assert.Equal("false", operation.Attribute("transaction")!.Value);
        Assert.True(XNode.DeepEquals(expected.Root.Element("operation")!.Element("authentication"), operation.Element("authentication")));
    }

    [Fact]
    public void ReadByQueryFunction_MatchesTheSdksFragment()
    {
        var expected = XElement.Parse(File.ReadAllText(Path.Combine(Folder, "request-function-readbyquery.xml")));

        var written = Function("unittest", IntacctRequestWriter.ReadByQuery("CLASS", "RECORDNO < 2", ["*"], 1000, null));

        Assert.True(XNode.DeepEquals(expected, written), written.ToString());
    }

    [Fact]
    public void ReadMoreFunction_MatchesTheSdksFragment()
    {
        var expected = XElement.Parse(File.ReadAllText(Path.Combine(Folder, "request-function-readmore.xml")));

        var written = Function("unittest", IntacctRequestWriter.ReadMore("6465763031VyprCMCoHYQAAGr@aRsAAAAU4"));

        Assert.True(XNode.DeepEquals(expected, written), written.ToString());
    }

    [Fact]
    public void Login_SendsTheEntityAndNeverLeaksIntoToString()
    {
        var connection = new IntacctConnection("sender", "sender-secret", "ACME", "ws_user", "user-secret", "US100");

        var login = XDocument.Parse(IntacctRequestWriter.Login(connection, "c1"));

        Assert.Equal("US100", login.Root!.Element("operation")!.Element("authentication")!.Element("login")!.Element("locationid")!.Value);
        Assert.Equal("US100", login.Root.Descendants("getAPISession").Single().Element("locationid")!.Value);
        Assert.Equal("false", login.Root.Element("control")!.Element("uniqueid")!.Value);
        Assert.DoesNotContain("secret", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MappedRecords_PassTheImportValidation()
    {
        var mapper = new IntacctMapper(Connection);
        var row = new IntacctRow("CUSTOMER", new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["RECORDNO"] = "8", ["CUSTOMERID"] = "C1234", ["NAME"] = "hello world", ["STATUS"] = "active", ["WHENMODIFIED"] = "07/24/2017 15:19:46", ["MEGAENTITYID"] = "",
        });

        var records = mapper.Customer(row).Records;

        Assert.All(records, r => Assert.Empty(RecordValidator.Validate(r, "fixture")));
        Assert.Equal("fakecompany/C1234", Assert.Single(records).Key);
    }

    /// <summary>A <c>function</c> element with the writer's body, as the SDK fixtures show one.</summary>
    private static XElement Function(string controlId, Action<XmlWriter> body)
    {
        var text = new StringBuilder();
        using (var w = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            w.WriteStartElement("function");
            w.WriteAttributeString("controlid", controlId);
            body(w);
            w.WriteEndElement();
        }

        return XElement.Parse(text.ToString());
    }
}
