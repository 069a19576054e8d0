using Microsoft.Extensions.DependencyInjection.Extensions;
using Relink.Server.Configuration;
using Relink.Storage;

namespace Relink.Server.Webhooks;

/// <summary>Registers the webhook dispatcher.</summary>
public static class WebhookServices
{
    /// <summary>
    /// Adds the webhook dispatcher and its HttpClient when <see cref="WebhookOptions.Url"/> is set; nothing otherwise
    /// (the store then records no webhook events). Register after the store's startup, which it needs open.
    /// </summary>
    public static IServiceCollection AddRelinkWebhooks(this IServiceCollection services, RelinkServerOptions options)
    {
        var webhook = options.Webhook;
        if (!webhook.Enabled)
        {
            return services;
        }

        services.AddHttpClient(WebhookSender.HttpClientName, client =>
            {
                client.Timeout = webhook.RequestTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Relink-Webhooks/1");
            })
            // A redirect would turn the POST into a GET elsewhere: a 3xx is a failed attempt, not followed.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // The factory would log four lines per event at Information; the dispatcher logs what an operator needs.
            .RemoveAllLoggers();
        services.AddSingleton(webhook);
        services.AddSingleton(sp => new WebhookRetryPolicy(webhook, sp.GetRequiredService<TimeProvider>(), Random.Shared.NextDouble));
        services.AddSingleton<WebhookSender>();
        // A shared store (PostgreSQL) decides between nodes; a store only this process opens needs only a local lease.
        services.TryAddSingleton(sp => sp.GetRequiredService<IChatStore>() as ILeaseStore ?? new InProcessLeases());
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
