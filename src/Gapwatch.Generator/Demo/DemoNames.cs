namespace Gapwatch.Generator.Demo;

/// <summary>
/// Names, addresses and keys for demo customers. Every postcode, phone number, email and tax id is
/// unique per index, so the only suspected duplicates are the ones the generator plants; names do
/// repeat, as they do in life.
/// </summary>
internal static class DemoNames
{
    private static readonly string[] Given =
    [
        "Amelia", "Oliver", "Isla", "George", "Ava", "Harry", "Mia", "Noah", "Freya", "Leo", "Grace", "Arthur", "Chloe", "Mateo",
        "Sofia", "Liam", "Emma", "Lucas", "Olivia", "Ethan", "Zoe", "Daniel", "Hannah", "Samuel", "Priya", "Arjun", "Mei", "Kenji",
        "Fatima", "Omar", "Aisha", "Yusuf", "Elena", "Marco", "Julia", "Felix", "Clara", "Jonas", "Lea", "Maxime", "Camille", "Hugo",
        "Sanne", "Daan", "Nora", "Adrian", "Maya", "Gabriel",
    ];

    private static readonly string[] Family =
    [
        "Hartley", "Bennett", "Okafor", "Fitzgerald", "Nakamura", "Lindqvist", "Castellano", "Whitmore", "Drummond", "Kowalczyk",
        "Abernathy", "Sorensen", "Pemberton", "Valdivia", "Quigley", "Szabo", "Montgomery", "Iwasaki", "Delacroix", "Fairbrother",
        "Lombardi", "Ashcombe", "Brightwell", "Osei", "Trevelyan", "Marchetti", "Zielinski", "Carrington", "Baptiste", "Featherstone",
        "Tremblay", "Gagnon", "Roy", "Cote", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagne", "Schneider", "Fischer",
        "Weber", "Becker", "Hoffmann", "Dubois", "Lefebvre", "Moreau", "Laurent", "Girard", "De Vries", "Jansen", "Bakker", "Visser",
        "Nguyen", "Patel", "Garcia", "Kim", "Chen", "Rossi",
    ];

    private static readonly string[] Place =
    [
        "Harbour", "Northgate", "Pinecrest", "Lakeshore", "Riverbend", "Summit", "Cedar Ridge", "Bayview", "Granite", "Prairie",
        "Maple Leaf", "Blue Heron", "Ironwood", "Silver Creek", "Redstone", "Westfield", "Eastbrook", "Highland", "Coastal", "Timberline",
        "Great Lakes", "Hudson", "Cascade", "Sierra", "Appalachian", "Atlantic", "Pacific", "Keystone", "Frontier", "Heritage",
        "Rhein", "Alpen", "Seine", "Loire", "Amstel", "Noord", "Saint-Laurent", "Fraser", "Okanagan", "Muskoka",
    ];

    private static readonly string[] Trade =
    [
        "Outdoor Supply", "Trail Outfitters", "Camping Co-op", "Ski & Board", "Mountain Sports", "Paddle Shop", "Cycle Works",
        "Adventure Rentals", "Hiking Goods", "Climbing Gym", "Fly Fishing", "Lodge & Resort", "Scout Supply", "Parks Outfitting",
        "Ranger Equipment", "Expedition Gear", "Snowshoe Club", "Marina Stores", "Campus Athletics", "Guide Service",
        "Hospitality Group", "Wilderness School", "Rowing Club", "Ice Sports", "Bike Share", "Surf Co", "Golf & Country Club",
        "Team Uniforms", "Corporate Gifts", "Resort Retail",
    ];

    private static readonly string[] Domains = ["mail.example", "inbox.example", "post.example", "webmail.example", "net.example"];

    public static string Person(int n) => $"{Given[n % Given.Length]} {Family[((n / Given.Length) * 7 + n) % Family.Length]}";

    public static string Company(int n, DemoCountry country)
    {
        var core = $"{Place[n % Place.Length]} {Trade[(n / Place.Length + n) % Trade.Length]}";
        var round = n / (Place.Length * Trade.Length);
        return (round == 0 ? core : $"{core} {round + 1}") + " " + LegalSuffix(country, n);
    }

    /// <summary>The same company as keyed by someone else: the legal suffix spelled out and one letter dropped.</summary>
    public static string NearDuplicate(string company)
    {
        var spelled = company
            .Replace(" Ltd", " Limited", StringComparison.Ordinal)
            .Replace(" Inc", " Incorporated", StringComparison.Ordinal)
            .Replace(" & ", " and ", StringComparison.Ordinal);
        var drop = spelled.IndexOf('o', StringComparison.Ordinal);
        return drop > 0 ? spelled.Remove(drop, 1) : spelled;
    }

    public static string PersonalEmail(string name, int n) =>
        $"{name[0]}{name[(name.LastIndexOf(' ') + 1)..].Replace(" ", "", StringComparison.Ordinal)}{n}@{Domains[n % Domains.Length]}".ToLowerInvariant();

    public static string CompanyDomain(int n) => $"company{n}.example";

    public static string Postcode(DemoCountry country, int n) => country switch
    {
        DemoCountry.UnitedStates => (10_001 + (n * 7_919L % 89_000)).ToString("D5"),
        DemoCountry.Canada => $"{Letter(n)}{n % 10}{Letter(n / 26)} {(n / 10) % 10}{Letter(n / 676)}{(n / 100) % 10}",
        DemoCountry.Netherlands => $"{1_000 + (n % 9_000)} {Letter(n / 9_000)}{Letter(n)}",
        _ => (10_000 + (n * 7_919L % 89_999)).ToString("D5"),
    };

    /// <summary>A phone number as customers type it; E.164 after normalisation, unique per index.</summary>
    public static string Phone(DemoCountry country, int n) => country switch
    {
        DemoCountry.UnitedStates => $"(646) {200 + (n / 10_000 % 800):D3}-{n % 10_000:D4}",
        DemoCountry.Canada => $"416-{200 + (n / 10_000 % 800):D3}-{n % 10_000:D4}",
        DemoCountry.Germany => $"+49 30 {n:D8}",
        DemoCountry.France => $"+33 1 {n:D8}",
        _ => $"+31 20 {n:D7}",
    };

    /// <summary>The tax registration as the ERP holds it (canonical) for company <paramref name="n"/>.</summary>
    public static string TaxId(DemoCountry country, int n) => country switch
    {
        DemoCountry.UnitedStates => $"{10 + (n % 89):D2}-{1_000_000 + (n * 3_571L % 8_999_999):D7}",
        DemoCountry.Canada => $"{100_000_000 + (n * 3_571L % 899_999_999):D9}RT0001",
        DemoCountry.Germany => $"DE{100_000_000 + (n * 3_571L % 899_999_999):D9}",
        DemoCountry.France => $"FR{10 + (n % 89):D2}{100_000_000 + (n * 3_571L % 899_999_999):D9}",
        _ => $"NL{100_000_000 + (n * 3_571L % 899_999_999):D9}B01",
    };

    /// <summary>The same tax id keyed on the storefront: spaced or dotted, lower case (normalisation makes them equal).</summary>
    public static string AsKeyedOnStorefront(string taxId, int n) => (n % 3) switch
    {
        0 => taxId,
        1 => taxId.ToLowerInvariant(),
        _ => string.Join(' ', taxId.Chunk(3).Select(c => new string(c))),
    };

    public static string CountryCode(DemoCountry country) => country switch
    {
        DemoCountry.UnitedStates => "US",
        DemoCountry.Canada => "CA",
        DemoCountry.Germany => "DE",
        DemoCountry.France => "FR",
        _ => "NL",
    };

    private static string LegalSuffix(DemoCountry country, int n) => country switch
    {
        DemoCountry.UnitedStates => (n % 3) switch { 0 => "Inc", 1 => "LLC", _ => "Corp" },
        DemoCountry.Canada => n % 2 == 0 ? "Ltd" : "Inc",
        DemoCountry.Germany => "GmbH",
        DemoCountry.France => "SARL",
        _ => "B.V.",
    };

    private static char Letter(int n) => (char)('A' + (n % 26));
}
