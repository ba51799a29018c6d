// Prints the folder the notebooks reference, so `dotnet run --project notebooks/lib` says where the build went.
Console.WriteLine(AppContext.BaseDirectory);
