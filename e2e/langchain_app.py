"""A LangChain application instrumented with OpenLLMetry (opentelemetry-instrumentation-langchain),
exporting OTLP/HTTP to a Collector. The end-to-end test runs it against a mock OpenAI backend."""
import os

from langchain_openai import ChatOpenAI
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.langchain import LangchainInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

provider = TracerProvider(
    resource=Resource.create({"service.name": "langchain-app", "k8s.namespace.name": "search"})
)
provider.add_span_processor(
    SimpleSpanProcessor(OTLPSpanExporter(endpoint=os.environ["OTLP_ENDPOINT"] + "/v1/traces"))
)
trace.set_tracer_provider(provider)
LangchainInstrumentor().instrument()

llm = ChatOpenAI(model="gpt-4o", base_url=os.environ["OPENAI_BASE_URL"], api_key="sk-test", max_retries=0)
print(llm.invoke("What does a token cost?").content)
provider.force_flush()
provider.shutdown()
