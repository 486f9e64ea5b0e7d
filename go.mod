module callmatch

go 1.26.0
