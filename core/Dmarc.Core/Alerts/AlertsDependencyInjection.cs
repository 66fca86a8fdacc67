using Microsoft.Extensions.DependencyInjection;

namespace Dmarc.Core.Alerts;

public static class AlertsDependencyInjection
{
    /// <summary>The alert engine. The rollup-based evaluators add themselves as <see cref="IAlertEvaluator"/>.</summary>
    public static IServiceCollection AddDmarcAlerts(this IServiceCollection services)
    {
        services.AddSingleton<AlertSubscriptionService>();
        services.AddSingleton<AlertDelivery>();
        services.AddSingleton<SmartAlerts>();
        services.AddSingleton<ConfigurableAlerts>();
        services.AddSingleton<AlertEvaluation>();
        services.AddSingleton<RecordAlerts>();
        services.AddSingleton<ExecutiveReportAlerts>();
        services.AddSingleton<AccountSecurityService>();
        services.AddSingleton<Rates.RateAlertScopes>();
        services.AddSingleton<IAlertEvaluator, Rates.SuspiciousSendingEvaluator>();
        services.AddSingleton<IAlertEvaluator, Rates.SenderDmarcRateEvaluator>();
        services.AddSingleton<IAlertEvaluator, Rates.NewServicesEvaluator>();
        services.AddSingleton<IAlertEvaluator, Rates.PossibleInternalSenderEvaluator>();
        return services;
    }
}
