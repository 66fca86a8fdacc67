using Dmarc.Functions.CreateAccount;
using Dmarc.Functions.GetAccount;
using Dmarc.Functions.Health;
using Dmarc.Functions.IngestReport;
using Dmarc.Functions.OpenApi;
using Dmarc.Functions.RollupTimer;

namespace Dmarc.Functions.Hosting;

/// <summary>Maps every function: HTTP functions under /api, other triggers at POST /{FunctionName}.</summary>
public static class FunctionEndpoints
{
    public const string ApiPrefix = "/api";

    public static WebApplication MapFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(ApiPrefix);
        HealthFunction.Map(api);
        CreateAccountFunction.Map(api);
        GetAccountFunction.Map(api);
        OpenApiFunction.Map(app);

        IngestReportFunction.Map(app);
        RollupTimerFunction.Map(app);
        return app;
    }
}
