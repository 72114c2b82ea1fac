namespace Gapwatch.Generator.Seeds;

/// <summary>Distinct, realistic names for worked-example customers (no two alike, so fuzzy matching stays honest).</summary>
internal static class SeedNames
{
    private static readonly string[] Given =
    [
        "Amelia", "Oliver", "Isla", "George", "Ava", "Harry", "Mia", "Noah", "Freya", "Leo", "Grace", "Arthur", "Poppy",
        "Oscar", "Evie", "Theo", "Ruby", "Jack", "Ivy", "Alfie", "Sophie", "Henry", "Daisy", "Finley", "Willow", "Archie",
        "Rosie", "Lucas", "Phoebe", "Edward", "Matilda", "Samuel", "Elsie", "Joseph", "Florence", "Reuben", "Harriet", "Felix",
    ];

    private static readonly string[] Family =
    [
        "Hartley", "Bennett", "Okafor", "Fitzgerald", "Nakamura", "Lindqvist", "Oyelaran", "Castellano", "Whitmore", "Drummond",
        "Kowalczyk", "Abernathy", "Mbeki", "Thistlewood", "Sorensen", "Pemberton", "Achterberg", "Valdivia", "Quigley", "Ravensworth",
        "Szabo", "Montgomery", "Iwasaki", "Delacroix", "Fairbrother", "Kensington", "Lombardi", "Ashcombe", "Haverford", "Brightwell",
        "Osei", "Trevelyan", "Marchetti", "Wolstenholme", "Zielinski", "Carrington", "Baptiste", "Featherstone",
    ];

    private static readonly string[] Trade =
    [
        "Harbour Tools", "Northgate Fixings", "Pennine Timber", "Solent Marine Supply", "Cotswold Joinery", "Kestrel Electrical",
        "Mersey Catering Equipment", "Thames Office Interiors", "Highland Agricultural", "Severn Plumbing Wholesale",
        "Fenland Packaging", "Dartmoor Outdoor Trade", "Chiltern Print Works", "Wessex Building Supplies", "Tyne Steel Stockholders",
        "Brecon Hospitality Goods", "Ouse Valley Fasteners", "Humber Industrial Gases", "Mendip Quarry Products", "Avon Medical Trade",
    ];

    /// <summary>The n-th person name; names repeat only after every combination is used.</summary>
    public static string Person(int n) => $"{Given[n % Given.Length]} {Family[(n * 7 + (n / Given.Length)) % Family.Length]}";

    public static string Company(int n, string suffix = "Ltd") => $"{Trade[n % Trade.Length]}{(n >= Trade.Length ? " " + (n / Trade.Length + 1) : "")} {suffix}";

    /// <summary>A UK-shaped postcode unique per n.</summary>
    public static string UkPostcode(int n) => $"{(char)('A' + (n % 20))}{(char)('B' + (n / 20 % 20))}{1 + (n % 9)} {n % 10}{(char)('A' + (n * 3 % 26))}{(char)('D' + (n * 5 % 20))}";

    public static string Email(string name, string domain) => name.ToLowerInvariant().Replace(' ', '.') + "@" + domain;
}
