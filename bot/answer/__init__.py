"""Answer composition: the offline extractive composer and LangChain chat models."""
