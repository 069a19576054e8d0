namespace Relink.Storage.Tests;

public sealed class Ids_Tests
{
    [Theory]
    [InlineData("Alice", "alice")]
    [InlineData("BOB.Smith-2", "bob.smith-2")]
    public void Ids_normalise_by_NFKC_then_invariant_lower_case(string id, string normalised) =>
        Ids.Normalize(id).ShouldBe(normalised);
}
