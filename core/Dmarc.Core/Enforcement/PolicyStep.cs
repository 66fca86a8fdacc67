using Dmarc.Core.Records;

namespace Dmarc.Core.Enforcement;

/// <summary>
/// One step of a staged policy: <c>p</c> and the share of failing mail it applies to. A step below
/// 100 % is written with <c>pct</c> for receivers of RFC 7489 and <c>t=y</c> for those of RFC 9989,
/// which dropped <c>pct</c>: they then apply the next weaker policy (quarantine as none, reject as
/// quarantine), so no receiver enforces more than the step asks. At 100 % both tags go.
/// </summary>
public sealed record PolicyStep(string Policy, int Pct)
{
    public static readonly string[] Policies = ["quarantine", "reject"];

    [System.Text.Json.Serialization.JsonIgnore]
    public int Strength => StrengthOf(Policy, Pct);

    /// <summary>The record with this step's tags set; every other tag (rua, sp, adkim, ...) kept exactly.</summary>
    public DmarcRecord Apply(DmarcRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var stepped = record.WithTag("p", Policy);
        return Pct < 100
            ? stepped.WithTag("pct", Pct.ToString(System.Globalization.CultureInfo.InvariantCulture)).WithTag("t", "y")
            : stepped.WithoutTag("pct").WithoutTag("t");
    }

    public override string ToString() => Pct < 100 ? $"p={Policy} pct={Pct}" : $"p={Policy}";

    /// <summary>Parses "quarantine:10,quarantine:25,...,reject" (a step without ":pct" is 100 %); null with the reason when it is not a valid plan.</summary>
    public static IReadOnlyList<PolicyStep>? ParseList(string? text, out string? error)
    {
        error = null;
        var steps = new List<PolicyStep>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(':', StringSplitOptions.TrimEntries);
            var policy = pieces[0].ToLowerInvariant();
            var pct = 100;
            if (!Policies.Contains(policy) || pieces.Length > 2
                || (pieces.Length == 2 && (!int.TryParse(pieces[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pct) || pct is < 1 or > 100)))
            {
                error = $"'{part}' is not a step: write quarantine or reject, optionally ':' and a percentage from 1 to 100.";
                return null;
            }

            var step = new PolicyStep(policy, pct);
            if (steps.Count > 0 && step.Strength <= steps[^1].Strength)
            {
                error = $"The step {step} does not go beyond {steps[^1]}; each step must be stronger than the one before.";
                return null;
            }

            steps.Add(step);
        }

        if (steps.Count == 0)
        {
            error = "The plan has no steps.";
            return null;
        }

        return steps;
    }

    /// <summary>An order of strength: none 0, quarantine 1..100, then reject 101..200.</summary>
    public static int StrengthOf(string? policy, int pct) => policy?.ToLowerInvariant() switch { "reject" => 100 + pct, "quarantine" => pct, _ => 0 };
}
