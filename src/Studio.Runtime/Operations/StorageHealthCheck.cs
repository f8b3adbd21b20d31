using Microsoft.Extensions.Diagnostics.HealthChecks;
using Studio.Data.Storage;

namespace Studio.Runtime.Operations;

/// <summary>
/// Readiness: the LiteDB database answers a read and its writer thread commits a (no-op) write within the time
/// limit. A wedged writer would make every turn hang, so the write path is what matters.
/// </summary>
public sealed class StorageHealthCheck(StudioDatabase database) : IHealthCheck
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = database.Database.GetCollectionNames().Count();
            await database.WriteAsync(() => true).WaitAsync(Limit, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("LiteDB reachable");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"LiteDB writer did not commit within {Limit.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("LiteDB unreachable: " + ex.GetType().Name);
        }
    }
}
