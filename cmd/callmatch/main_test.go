package main

import (
	"testing"

	"callmatch/account"
	"callmatch/devstack/pgtest"
)

func TestMain(m *testing.M) {
	account.HashParams = account.TestHashParams
	pgtest.Main(m)
}
