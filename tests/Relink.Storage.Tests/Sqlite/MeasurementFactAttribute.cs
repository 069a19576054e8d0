namespace Relink.Storage.Tests.Sqlite;

/// <summary>
/// A measurement, not a check: it runs only when RELINK_MEASURE=1 (minutes of load, numbers written to the output),
/// e.g. <c>RELINK_MEASURE=1 dotnet test tests/Relink.Storage.Tests --filter Checkpoint_Cost --logger "console;verbosity=detailed"</c>.
/// </summary>
internal sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("RELINK_MEASURE") != "1")
        {
            Skip = "a measurement: set RELINK_MEASURE=1 to run it";
        }
    }
}
