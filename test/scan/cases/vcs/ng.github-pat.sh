#!/bin/sh
export GITHUB_TOKEN=«github ghp»
gh release list
