// Build script: `dotnet tool restore` once, then `dotnet cake [--target=Build] [--configuration=Debug]`.
// Targets: Clean, Restore, Build, Test (default), Demo, Bench, Pack.

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");

var solution = File("./MlNetSer.sln");
var library = File("./src/MlNetSer/MlNetSer.csproj");
var cli = File("./src/MlNetSer.Cli/MlNetSer.Cli.csproj");
var artifacts = Directory("./artifacts");
var packages = artifacts + Directory("packages");

Task("Clean")
    .Description("Removes build outputs and artifacts/.")
    .Does(() =>
{
    DotNetClean(solution, new DotNetCleanSettings { Configuration = configuration });
    CleanDirectory(artifacts);
});

Task("Restore")
    .Description("Restores the solution's packages.")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .Description("Builds the solution (also marks GLIBCXX_3.4.32 weak in output copies of libLibTorchSharp.so where needed).")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration, NoRestore = true }));

Task("Test")
    .Description("Runs the whole test suite: dotnet test MlNetSer.sln.")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true, NoRestore = true }));

Task("Demo")
    .Description("Runs the end-to-end demo on the synthetic corpus (mlnetser demo: corpus, fast-preset experiment, report, predictions).")
    .Does(() => DotNetRun(cli, "demo", new DotNetRunSettings { Configuration = configuration }));

Task("Bench")
    .Description("Runs the feature-extraction benchmark: mlnetser bench features.")
    .Does(() => DotNetRun(cli, "bench features", new DotNetRunSettings { Configuration = configuration }));

Task("Pack")
    .Description("Packs the library and the mlnetser .NET tool into artifacts/packages.")
    .Does(() =>
{
    var settings = new DotNetPackSettings { Configuration = configuration, OutputDirectory = packages };
    DotNetPack(library, settings);
    DotNetPack(cli, settings);
});

Task("Default").IsDependentOn("Test");

RunTarget(target);
