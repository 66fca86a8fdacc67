using Dmarc.Core.Enforcement;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.AdvanceEnforcement;

/// <summary>Timer trigger (daily, 06:00 UTC): advances each staged enforcement plan that is ready, or steps it back when an approved sender stopped passing.</summary>
public static class AdvanceEnforcementFunction
{
    public const string Name = "AdvanceEnforcement";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTimer(Name, async (_, services, cancellationToken) =>
        {
            var run = await services.GetRequiredService<EnforcementRunner>().RunAsync(cancellationToken);
            return InvocationResult.Done($"Enforcement: {run.Plans} plans, {run.Advanced} advanced, {run.SteppedBack} stepped back, {run.Paused} paused");
        });
}
