namespace Gapwatch.Simulators.SageIntacct;

/// <summary>
/// The standard fields the simulated company knows per object, so a field list naming a field the
/// object does not have is refused as Intacct refuses it (the whole query fails), and a wrong name
/// in a connector is caught by the tests instead of by a customer. The names are the ones public
/// sources confirm: developer.intacct.com's object pages and live <c>lookup</c> field lists recorded
/// by public Intacct clients (see docs/connectors.md, "Sage Intacct"). An object without a list here
/// (a platform-services custom object, or one the simulator has no list for yet) accepts any field.
/// Custom fields of standard objects are declared on the dataset
/// (<see cref="IntacctDataset.DeclareCustomFields"/>), as a company defines them.
/// </summary>
public static class IntacctSchema
{
    /// <summary>The link of an <c>EXCHANGERATEENTRY</c> to its <c>EXCHANGERATE</c>, as the simulator serves it (its real XML name is unconfirmed).</summary>
    public const string DefaultRateParentField = "EXCHANGERATEID";

    /// <summary>The rate type every company has, hidden from the API's list and get operations.</summary>
    public const string IntacctDailyRate = "Intacct Daily Rate";

    private static readonly string[] Audit = ["RECORDNO", "WHENCREATED", "WHENMODIFIED", "CREATEDBY", "MODIFIEDBY"];

    private static readonly string[] Entity = ["MEGAENTITYKEY", "MEGAENTITYID", "MEGAENTITYNAME"];

    private static readonly Dictionary<string, HashSet<string>> Standard = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CUSTOMER"] = Set(Audit, Entity,
            "CUSTOMERID", "NAME", "STATUS", "ONHOLD", "CURRENCY", "TAXID", "DISPLAYCONTACT.TAXID", "DISPLAYCONTACT.EMAIL1", "DISPLAYCONTACT.PHONE1",
            "DISPLAYCONTACT.MAILADDRESS.ZIP", "DISPLAYCONTACT.MAILADDRESS.COUNTRYCODE"),

        // The order-entry document header, as PODOCUMENT's live lookup shows it (SODOCUMENT shares it).
        ["SODOCUMENT"] = Set(Audit, Entity,
            "DOCNO", "DOCID", "DOCPARID", "STATE", "CUSTVENDID", "PONUMBER", "VENDORDOCNO", "CURRENCY", "BASECURR", "EXCHRATE", "EXCHRATEDATE",
            "EXCH_RATE_TYPE_ID", "SUBTOTAL", "TRX_SUBTOTAL", "TOTAL", "TRX_TOTAL", "TOTALENTERED", "TRX_TOTALENTERED", "AUWHENCREATED", "WHENPOSTED",
            "CREATEDFROM", "PRRECORDKEY"),

        // Native AR headers: ARINVOICE's live lookup, ARADJUSTMENT's field list in a public client's schema.
        ["ARINVOICE"] = Set(Audit, Entity,
            "RECORDID", "DOCNUMBER", "CUSTOMERID", "CUSTOMERNAME", "DESCRIPTION", "DESCRIPTION2", "WHENPOSTED", "AUWHENCREATED", "CURRENCY", "BASECURR",
            "EXCHANGE_RATE", "EXCH_RATE_DATE", "EXCH_RATE_TYPE_ID", "TOTALENTERED", "TRX_TOTALENTERED", "TOTALDUE", "TRX_TOTALDUE", "TOTALPAID",
            "TRX_TOTALPAID", "TOTALSELECTED", "TRX_TOTALSELECTED", "TRX_ENTITYDUE", "TOTALRETAINED", "STATE", "RAWSTATE", "MODULEKEY"),
        ["ARADJUSTMENT"] = Set(Audit, Entity,
            "RECORDID", "DOCNUMBER", "CUSTOMERID", "CUSTOMERNAME", "DESCRIPTION", "WHENPOSTED", "AUWHENCREATED", "CURRENCY", "BASECURR", "EXCHANGE_RATE",
            "EXCHRATE", "EXCHRATEDATE", "EXCHRATETYPE", "TOTALENTERED", "TRX_TOTALENTERED", "TOTALDUE", "TRX_TOTALDUE", "TOTALPAID", "TRX_TOTALPAID",
            "TOTALSELECTED", "TRX_TOTALSELECTED", "STATE", "RAWSTATE", "MODULEKEY"),

        // No MEGAENTITYID: GLDETAIL's live lookup in a multi-entity company lacks it.
        ["GLDETAIL"] = Set(Audit, [],
            "BATCH_DATE", "ENTRY_DATE", "ACCOUNTNO", "TR_TYPE", "TRX_AMOUNT", "AMOUNT", "DEBITAMOUNT", "CREDITAMOUNT", "TRX_DEBITAMOUNT",
            "TRX_CREDITAMOUNT", "CURRENCY", "BASECURR", "DOCNUMBER", "REFERENCENO", "DEPARTMENTID", "LOCATIONID", "LOCATIONNAME", "PROJECTID",
            "CUSTOMERID", "MODULEKEY", "BOOKID", "RECORDTYPE", "RECORDID", "BATCH_STATE", "ENTRY_STATE", "CHILDENTITY", "LOCENTITY", "FINANCIALENTITY"),

        // Currencies and type are on the pair, not on its dated entries. The entry's WHENMODIFIED is undocumented
        // (most objects have it; the incremental read needs it); its link to the pair is the simulator's option.
        ["EXCHANGERATE"] = Set(["RECORDNO"], [], "TYPENAME", "FROM_CURRENCY", "TO_CURRENCY"),
        ["EXCHANGERATEENTRY"] = Set(["RECORDNO"], [], "EFFECTIVE_START_DATE", "EXCHANGE_RATE", "RECIPROCAL_RATE", "WHENMODIFIED"),

        // Company-level records: no entity field and no documented WHENMODIFIED.
        ["REPORTINGPERIOD"] = Set(["RECORDNO"], [], "NAME", "HEADER1", "HEADER2", "START_DATE", "END_DATE", "BUDGETING", "STATUS"),
    };

    /// <summary>Whether <paramref name="field"/> is a standard field of <paramref name="objectName"/>; true for objects without a list.</summary>
    public static bool IsStandard(string objectName, string field) => !Standard.TryGetValue(objectName, out var fields) || fields.Contains(field);

    private static HashSet<string> Set(string[] audit, string[] entity, params string[] fields) =>
        new(audit.Concat(entity).Concat(fields), StringComparer.OrdinalIgnoreCase);
}
