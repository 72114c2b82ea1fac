using CsCheck;

namespace Gapwatch.Core.Tests.Reconciliation;

/// <summary>
/// Runs a property over a fixed, deterministic sequence of generated cases: case <c>i</c> comes from
/// <c>new PCG(Stream, seed + i)</c>, so CI runs the same cases every time. On a failure the case's
/// CsCheck seed is printed, and CsCheck's <c>Sample</c> is started from that seed to shrink it (the
/// shrinking itself samples further cases at random; only the first, failing case is fixed).
/// Set <c>GAPWATCH_PROPERTY_CASES</c> to multiply the case count for a longer local run.
/// </summary>
public static class Property
{
    private const uint Stream = 2026;

    public static void Check<T>(Gen<T> gen, int cases, ulong seed, Action<T> assert, string name)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(assert);
        var total = cases * Multiplier();
        for (var i = 0; i < total; i++)
        {
            var pcg = new PCG(Stream, seed + (ulong)i);
            var caseSeed = pcg.ToString();
            var value = gen.Generate(pcg, null, out _);
            try
            {
                assert(value);
            }
            catch (Exception failure)
            {
                throw new PropertyFailedException(
                    $"{name}: case {i} of {total} failed (seed {seed}, CsCheck seed \"{caseSeed}\"): {value}{Environment.NewLine}" +
                    $"{failure.Message}{Environment.NewLine}{Shrink(gen, assert, caseSeed)}",
                    failure);
            }
        }
    }

    private static string Shrink<T>(Gen<T> gen, Action<T> assert, string caseSeed)
    {
        try
        {
            gen.Sample(assert, seed: caseSeed, iter: 2_000, threads: 1, print: v => v?.ToString() ?? "");
            return "(shrinking did not reproduce the failure)";
        }
        catch (Exception shrunk)
        {
            return "Shrunk: " + shrunk.Message;
        }
    }

    private static int Multiplier() =>
        int.TryParse(Environment.GetEnvironmentVariable("GAPWATCH_PROPERTY_CASES"), out var m) && m > 0 ? m : 1;
}

public sealed class PropertyFailedException(string message, Exception inner) : Exception(message, inner);
